"""Projected score terms as a batch gives them: the whole model's or each candidate's local
changes, handed out a slice at a time (``Projected``)."""

from __future__ import annotations

import numpy as np

from game.model.state import SCORE_TERMS


class Projected:
    """Projected score terms of a list of candidates, handed out a slice at a time as
    ``project_terms`` gives them: (slice length + 1, n, terms), row 0 the base. Holds either
    the whole-model terms or, for large scenarios, each candidate's local changes."""

    def __init__(self, n: int, terms: np.ndarray | None = None,
                 local: list[tuple[np.ndarray, np.ndarray]] | None = None, exact: bool = True,
                 padded: tuple[np.ndarray, np.ndarray] | None = None,
                 lacking: np.ndarray | None = None):
        self.n, self.terms, self.local = n, terms, local
        self.exact = exact  # from the full model (else screened: to be confirmed)
        self.lacking = lacking  # (B,) screened without one of their units: not valued
        self._pad = padded  # local results as (B, k) countries padded with -1, (B, k, terms)

    def rows(self, start: int, stop: int) -> np.ndarray:
        """The terms of candidates ``start`` to ``stop`` (excluded; from 0 on), as
        ``local_terms`` would give them for that slice of ``local``."""
        if self.terms is not None:
            return self.terms[np.r_[0, np.arange(start + 1, stop + 1)]]
        if self.local is not None:
            return local_terms(self.n, self.local[start:stop])
        keeps, changes = self._padded()
        keeps, changes = keeps[start:stop], changes[start:stop]
        terms = np.zeros((stop - start + 1, self.n, len(SCORE_TERMS)))
        member, column = np.nonzero(keeps >= 0)
        terms[member + 1, keeps[member, column]] = changes[member, column]
        return terms

    def changes(self, members: np.ndarray, countries: np.ndarray) -> np.ndarray:
        """(P, terms): the projected score-term change candidate ``members[p]`` makes for
        country ``countries[p]`` (zero outside a local candidate's neighbourhood)."""
        if self.terms is not None:
            return self.terms[members + 1, countries] - self.terms[0, countries]
        keeps, changes = self._padded()
        match = keeps[members] == countries[:, None]
        found = match.any(axis=1)
        position = np.argmax(match, axis=1)
        return np.where(found[:, None], changes[members, position], 0.0)

    def _padded(self) -> tuple[np.ndarray, np.ndarray]:
        """The local results as two arrays, neighbourhoods padded with -1: (B, k) countries
        and (B, k, terms) changes."""
        if self._pad is None:
            assert self.local is not None
            sizes = np.array([len(keep) for keep, _ in self.local], dtype=int)
            width = int(sizes.max()) if sizes.size else 0
            keeps = np.full((len(self.local), width), -1)
            changes = np.zeros((len(self.local), width, len(SCORE_TERMS)))
            if sizes.size:
                member = np.repeat(np.arange(len(self.local)), sizes)
                column = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
                keeps[member, column] = np.concatenate([keep for keep, _ in self.local])
                changes[member, column] = np.concatenate([change for _, change in self.local])
            self._pad = (keeps, changes)
        return self._pad


def local_terms(n: int, local: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """(B + 1, n, terms) from ``project_local`` results, like ``project_terms``: row 0 zero
    (the base) and row b the changes of candidate b, zero outside its neighbourhood."""
    terms = np.zeros((len(local) + 1, n, len(SCORE_TERMS)))
    if local:  # one assignment for all candidates (neighbourhoods hold distinct countries)
        keeps = [keep for keep, _ in local]
        members = np.repeat(np.arange(1, len(local) + 1), [len(keep) for keep in keeps])
        terms[members, np.concatenate(keeps)] = np.concatenate([change for _, change in local])
    return terms
