"""Benchmarks: accuracy against gold labels (``accuracy``), speed and scale on CPU
(``speed``, ``reuters``, ``baseline``), with machine info (``machine``) and a plot (``plot``).

The command line is ``crosscheck bench accuracy`` / ``crosscheck bench speed`` (``cli.py``).
"""
