"""Moved to :mod:`dlxh.templating.package` (this name is deprecated)."""

from dlxh.render._moved import alias

alias(__name__)
