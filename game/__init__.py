"""Diplomasi: a turn-based classroom diplomacy negotiation game."""
