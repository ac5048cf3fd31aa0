"""The formats `etalase import` reads: each turns a Table into a ReadResult (see ../model.py)."""
