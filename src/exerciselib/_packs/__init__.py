"""Content packs: safe reading, discovery, packs and the catalog."""
