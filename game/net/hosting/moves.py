"""On the game thread: the teams' moves (applied through the session, written to the journal,
acknowledged once; a resent id acknowledged again), the computers' part that follows them
(``_follow``: their answers, the phases after, the year's resolution, the game log, the whole
save when a phase ends), the queries, the teacher's game commands, the countdown running out,
and the views of every team and the teacher."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from game.net import protocol as p
from game.net.hosting.common import LOG, TEACHER, Outcome, _error
from game.net.journal import SAVE_EVERY
from game.net.observations import moment
from game.net.views import common, teacher_view, team_view
from game.rules.agreements import Clause
from game.rules.game import Phase, Refusal
from game.rules.storage import StorageError
from game.session.session import Session


class MovesAndAcks:
    """Part of ``Host``: what the game thread does with each message."""

    def _views(self, devices: list[dict[str, Any]], names: Iterable[str] | None = None,
               fresh: Collection[str] = (), quick: Collection[str] = ()) -> dict[str, str]:
        """The views of ``names`` (every team's and the teacher's by default) that changed since
        they were last made, each made with a new sequence and kept in ``self.cached``; ``fresh``:
        names made anew even if unchanged (a device joining, the team that just acted). A view
        unchanged but for the countdown's remaining seconds counts as unchanged. Each team's
        observation is kept until what it reads changes (``game.net.observations``); ``quick``:
        names whose observation, if it must be made again, is made without its projections
        (``quick_observation``: the team that just acted; the whole one follows)."""
        with self.session.lock:
            public = common(self.session)  # the same for every view of this moment: made once
            now = moment(self.session.game)
            made: dict[str, str] = {}
            for name in (names if names is not None else [*self.session.humans, TEACHER]):
                if name == TEACHER:
                    view = teacher_view(self.session, devices, public)
                else:
                    view = team_view(self.session, name, public,
                                     self.observations.of(self.session.game, name, now,
                                                          quick=name in quick))
                shown = _unless_countdown(view)
                if name not in fresh and name in self.cached and self.shown.get(name) == shown:
                    continue
                self.shown[name] = shown
                self.sequence += 1
                message = (p.TeacherView(sequence=self.sequence, view=view) if name == TEACHER
                           else p.View(sequence=self.sequence, view=view))
                made[name] = self.cached[name] = p.encode(message)
            return made

    def _save_whole(self, flush: bool) -> bool:
        """The whole save written (the computers' part owed run first: ``Session.save``), flushed
        to disk if ``flush`` (a phase ended), and the journal emptied; False (the reason in
        ``autosave_error``) if it could not be written."""
        session = self.session
        if session.autosave_path is None:
            return True
        try:
            session.save(session.autosave_path, flush)
        except (OSError, StorageError) as error:
            session.autosave_error = str(error)
            return False
        session.autosave_error = None
        self.saved_at = (session.game.turn, session.game.phase)
        try:
            self.journal.reset()
        except OSError as error:  # its lines are in the save: a resume passes over them
            LOG.warning("the journal could not be emptied: %s", error)
        return True

    def _record(self, line: dict[str, Any]) -> bool:
        """``line`` in the journal (before an acknowledgement); if it cannot be written, the
        whole save instead. False if neither could (the reason in ``autosave_error``)."""
        try:
            self.journal.append(line)
        except OSError as error:
            LOG.warning("the journal could not be written (%s): the whole save instead", error)
            return self._save_whole(flush=True)
        self.session.autosave_error = None
        return True

    def _saved(self) -> bool:
        """Whether the last change is on disk (one more try if writing it had failed)."""
        if self.session.autosave_error is not None:
            self._save_whole(flush=True)
        return self.session.autosave_error is None

    def _save_if_journal(self) -> None:
        """The whole save (not flushed to disk) if the journal has lines and nothing is owed."""
        with self.session.lock:
            if self.journal.lines and not self.session.owing and not self._save_whole(flush=False):
                LOG.warning("not saved: %s", self.session.autosave_error)

    def _follow(self) -> bool:
        """The computers' part owed after the moves acknowledged before it (their answers, the
        phases that follow, the year's resolution: ``Session.catch_up``), then the game log
        appended and, when a phase ended (or every ``SAVE_EVERY`` journal lines), the whole
        save; else a line in the journal saying it ran here. False if nothing was owed."""
        with self.session.lock:
            game = self.session.game
            at = len(game.log)
            if not self.session.catch_up():
                return False
            try:
                self.log.write(game)
            except OSError as error:  # a record derived from the save: said, not fatal
                LOG.warning("the game log could not be written: %s", error)
            moved = (game.turn, game.phase) != self.saved_at or game.finished
            if (moved or self.journal.lines >= SAVE_EVERY) and self._save_whole(flush=moved):
                return True
            if not self._record({"kind": "follow", "at": at}):
                LOG.warning("not saved: %s", self.session.autosave_error)
            return True

    def _act_and_view(self, country: str, message: p.Act, language: str,
                      devices: list[dict[str, Any]]) -> Outcome:
        """``_move``, and if the move is acknowledged, the acting team's view made at once in
        the same turn of the game thread (with a quick observation if the move changed it:
        ``_views``), so that it never waits behind the other teams' moves (nor the computers'
        part, ``_follow``, which comes after)."""
        outcome = self._move(country, message, language)
        if isinstance(outcome.reply, p.Ack):
            outcome.views = self._views(devices, [country], {country},
                                        {country} if outcome.changed else ())
        return outcome

    def _act(self, country: str, message: p.Act, language: str) -> Outcome:
        """``_move`` and the computers' part after it (``_follow``) at once: one move played to
        where the game waits for a team again (tests and tools; the host's connections
        acknowledge first and follow after)."""
        outcome = self._move(country, message, language)
        self._follow()
        return outcome

    def _move(self, country: str, message: p.Act, language: str) -> Outcome:
        """A team's move applied alone (the computers' part owed: ``_follow``) and written to
        the journal with its id, or refused; a resent id acknowledged again."""
        key = f"{country}:{message.id}"
        move = message.move
        with self.session.lock:
            if key in self.classroom.applied:
                if not self._saved():
                    return Outcome(_error(language, "net.error.not_saved", message.id),
                                   log=f"not saved: {self.session.autosave_error}")
                return Outcome(p.Ack(id=message.id, result=self.classroom.applied[key], again=True))
            if move.country is not None and move.country != country:
                return Outcome(_error(language, "net.error.not_your_country", message.id,
                                      country=move.country),
                               log=f"a move for {move.country} from {country}'s device")
            if self.classroom.ended or self.session.game.finished:
                return Outcome(_error(language, "net.error.game_over", message.id))
            if self.classroom.paused:
                return Outcome(_error(language, "net.error.paused", message.id))
            result: dict[str, Any] = {}
            at = len(self.session.game.log)
            if isinstance(move, p.Propose):
                result = {"negotiation": len(self.session.game.negotiations)}
            self.classroom.applied[key] = result  # saved with the move, in the same save
            try:
                refusal = _apply(self.session, country, move)
            except Exception as error:  # a fault of ours: said to the client, logged whole
                self.classroom.applied.pop(key, None)
                LOG.exception("%s: %s failed", country, move.kind)
                return Outcome(_error(language, "net.error.internal", message.id),
                               log=f"internal error: {error!r}")
            if refusal is not None:
                self.classroom.applied.pop(key, None)
                if (isinstance(move, p.BeginDiplomacy) and refusal.key == "not_news"
                        and self.session.game.phase is Phase.DIPLOMACY):
                    # another team started it first: what this team asked for is done (its id
                    # saved as every acknowledged one is, so that a resend is acknowledged again)
                    self.classroom.applied[key] = {"already_started": True}
                    if not self._record({"kind": "done", "at": at, "key": key,
                                         "result": {"already_started": True}}):
                        self.classroom.applied.pop(key, None)
                        return Outcome(_error(language, "net.error.not_saved", message.id),
                                       log=f"not saved: {self.session.autosave_error}")
                    return Outcome(p.Ack(id=message.id, result={"already_started": True}))
                return Outcome(_error(language, f"refusal.{refusal.key}", message.id,
                                      **refusal.values))
            if not self._record({"kind": "move", "at": at, "key": key, "country": country,
                                 "message": message.model_dump_json(), "result": result}):
                return Outcome(_error(language, "net.error.not_saved", message.id), changed=True,
                               log=f"not saved: {self.session.autosave_error}")
            LOG.info("%s: %s %s applied", country, move.kind, message.id)
            return Outcome(p.Ack(id=message.id, result=result), changed=True)

    def _command(self, message: p.TeacherCommand, language: str) -> Outcome:
        key = f"{TEACHER}:{message.id}"
        command = message.command
        with self.session.lock:
            if key in self.classroom.applied:
                return Outcome(p.Ack(id=message.id, result=self.classroom.applied[key], again=True))
            timer = self.classroom.timer
            if isinstance(command, p.ModeratorCard):
                self.classroom.applied[key] = {}
                refusal = self.session.moderate(command.card, tuple(command.countries),
                                                float(command.direction))
                if refusal is not None:
                    self.classroom.applied.pop(key, None)
                    return Outcome(_error(language, f"refusal.{refusal.key}", message.id,
                                          **refusal.values))
            elif isinstance(command, p.Pause):
                self.classroom.paused = True
                if timer is not None:
                    timer.pause()
            elif isinstance(command, p.Resume):
                self.classroom.paused = False
                if timer is not None:
                    timer.resume()
            elif isinstance(command, p.EndGame):
                self.classroom.ended = True
                if timer is not None:
                    timer.cancel()
                self.classroom.write_results(self.session)
            self.classroom.applied[key] = {}
            self.session.catch_up()
            self.log.write(self.session.game)
            if not self._save_whole(flush=True):
                return Outcome(_error(language, "net.error.not_saved", message.id), changed=True)
            LOG.info("teacher: %s %s applied", command.kind, message.id)
            return Outcome(p.Ack(id=message.id), changed=True)

    def _query(self, country: str, message: p.Query, language: str) -> Outcome:
        parties = tuple(message.parties)
        clauses = tuple(_clause(c) for c in message.clauses)
        with self.session.lock:
            unknown = [c for c in (*parties, message.partner or country) if c not in self.session.game.index]
            if unknown:
                return Outcome(_error(language, "refusal.unknown_country", message.id,
                                      country=unknown[0]))
            if message.question == "projected_effect":
                return Outcome(p.Answer(id=message.id, result={
                    "effect": self.session.projected_effect(country, parties, clauses)}))
            partner = message.partner
            if partner is None or partner not in parties or partner == country:
                return Outcome(_error(language, "net.error.no_partner", message.id))
            found = self.session.what_would_it_take(partner, parties, clauses, message.duration)
            if found == "unavailable" or isinstance(found, str):
                result: dict[str, Any] = {"available": False}
            elif found is None:
                result = {"available": True, "found": False}
            else:
                result = {"available": True, "found": True,
                          "clauses": [c.to_dict() for c in found[0]], "duration": found[1]}
            return Outcome(p.Answer(id=message.id, result=result))

    def _expire(self) -> bool:
        with self.session.lock:
            expired = self.session.expire_diplomacy()  # the computers' part owed first
            if expired:
                self.log.write(self.session.game)
                if not self._save_whole(flush=True):
                    LOG.warning("not saved: %s", self.session.autosave_error)
                LOG.info("the diplomacy countdown ran out")
            return expired


def _clause(data: p.ClauseData) -> Clause:
    return Clause(data.kind, float(data.level), float(data.amount), data.giver, data.receiver,
                  bool(data.training), data.form)



def _apply(session: Session, country: str, move: Any) -> Refusal | None:
    """The team's move through the session's commands (which check it with the rules)."""
    if isinstance(move, p.BeginDiplomacy):
        return session.begin_diplomacy(country)
    if isinstance(move, p.Propose):
        return session.propose(country, tuple(move.parties), tuple(_clause(c) for c in move.clauses),
                               move.duration)[1]
    if isinstance(move, p.Counter):
        return session.counter(country, move.negotiation, tuple(_clause(c) for c in move.clauses),
                               move.duration)
    if isinstance(move, p.Accept):
        return session.accept(country, move.negotiation)
    if isinstance(move, p.Reject):
        return session.reject(country, move.negotiation)
    if isinstance(move, p.Withdraw):
        return session.withdraw(country, move.negotiation)
    if isinstance(move, p.EndDiplomacy):
        return session.end_diplomacy(country)
    return session.end_compliance(country, {(k.agreement, k.clause): k.keep for k in move.keep})


def _unless_countdown(view: dict[str, Any]) -> dict[str, Any]:
    """``view`` without the countdown's remaining seconds (which change by themselves; a device
    counts them down, and gets them afresh with every view made)."""
    timer = view.get("timer")
    if timer is None:
        return view
    return {**view, "timer": {k: v for k, v in timer.items() if k != "remaining"}}
