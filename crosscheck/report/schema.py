"""The JSON schema of the ``Report`` (the JSON format), as ``crosscheck schema`` prints it and
``docs/report.schema.json`` holds it."""

from __future__ import annotations

import json

from crosscheck.types import Report


def report_schema() -> str:
    """The JSON schema (draft 2020-12) of ``Report``, as indented JSON text ending in a newline."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Report.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
