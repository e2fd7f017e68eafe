"""Validation as a package, one job per module:

- `messages`: Chinese messages for Frictionless's cell errors;
- `rows`: the Frictionless run over every table's rows;
- `rules`: one function per rule about one record, named after its problem code;
- `across`: one function per check across files (keys, references, 发文字号, parent cycles);
- `cache`: each file's result keyed by content, in SQLite with sealed JSON values;
- `runner`: change detection, the worker pool, and `validate()`.
"""

from scitechday.data.validate.runner import Report, check_files, validate

__all__ = ["Report", "check_files", "validate"]
