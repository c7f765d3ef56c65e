"""Parsers shipped with mnp_core, registered through the same hook as installed ones."""
