"""Archive extracts: the Noark 5 extract of a partnership's year (``noark5``), as a command and a download."""
