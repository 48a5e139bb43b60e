"""The classroom: what a teacher needs around a game (the results folder, moderator events,
reflection prompts, the competition set-up a teacher saves and reuses, the diplomacy countdown),
without pygame."""
