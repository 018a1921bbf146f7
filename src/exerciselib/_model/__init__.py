"""The content model: exercises, dosages, routines, and their JSON form."""
