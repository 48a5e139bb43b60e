"""A game with human seats: the scheduler and the human's commands, the read models for the
screens (``views``), persistence. No pygame here; may import ``game.agents`` and
``game.rules``, never ``game.classroom``."""
