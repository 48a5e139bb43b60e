"""The parts of the game window's ``App`` (``game/ui/app.py``), one job each, mixed into it:
``stack`` (the scene stack), ``sessions`` (the game shown), ``recovery`` (errors and the way back),
``overlays`` (toasts and the busy card) and ``frames`` (events, update, drawing, the loop)."""
