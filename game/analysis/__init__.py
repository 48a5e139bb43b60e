"""Self-play analysis for scenario designers and bot authors: the balance report's games and
figures, and what the balance and tournament reports share (statistics, JSON-safe numbers). No
pygame, no printing: ``game.tools`` (the command line) and ``game.ui`` (the balance screen) are
its two front-ends, and ``game.ui.balance_report`` writes its files."""
