"""dlxh's own behaviour, written as plugins and registered like anyone else's."""
