"""Exports: printable handouts, iCalendar files, and atomic writing."""
