"""Every reach into another package's internals, one module per upstream package.

Each module names what it works around (an upstream issue, or an entry in
``UPSTREAM.md``) and the versions it was checked against."""
