"""The pygame user interface: scenes and widgets; the only package that imports pygame."""
