"""Benchmarks of the model and a plain-Python reference of its yearly update."""
