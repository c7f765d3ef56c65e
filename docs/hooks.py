"""MkDocs hooks: what the pages take from the code at build time.

- ``<!-- mnp:schema -->`` becomes the JSON schema of ``mnp_core.MaintMessageObj``, exported
  from the pydantic model (never written by hand); the same schema is published beside the
  pages as ``schema/maint-message.schema.json``.
- ``<!-- mnp:fields NAME -->`` becomes the table of the fields of the model ``mnp_core.NAME``.
- Sphinx roles in docstrings (``:class:`X```) render as plain code.
"""

from __future__ import annotations

import json
import re
import types
import typing

from mkdocs.structure.files import File, Files

SCHEMA_MARKER = "<!-- mnp:schema -->"
SCHEMA_FILE = "schema/maint-message.schema.json"
FIELDS_MARKER = re.compile(r"<!-- mnp:fields (\w+) -->")
SPHINX_ROLE = re.compile(r":(?:class|meth|func|data|mod|attr|exc|obj):(<code>)")


def maint_message_schema() -> dict:
    """The JSON schema of what consumers receive: camelCase keys, RFC 3339 UTC times."""
    import mnp_core

    schema = mnp_core.MaintMessageObj.model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _schema_text() -> str:
    return json.dumps(maint_message_schema(), indent=2, ensure_ascii=False) + "\n"


def _type_name(annotation: object) -> str:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is type(None):
        return "None"
    if origin is typing.Annotated:
        return _type_name(args[0])
    if isinstance(annotation, types.UnionType) or origin is typing.Union:
        return " or ".join(_type_name(a) for a in args)
    if origin is typing.Literal:
        return " or ".join(json.dumps(a) for a in args)
    if origin is not None:
        return f"{getattr(origin, '__name__', origin)}[{', '.join(_type_name(a) for a in args)}]"
    if isinstance(annotation, type):
        return annotation.__name__
    return re.sub(r"\b(?:[a-z_]\w*\.)+(\w+)", r"\1", str(annotation))


def fields_table(model_name: str) -> str:
    """A Markdown table of the model's fields: JSON key (attribute), type, default, meaning."""
    import mnp_core

    model = getattr(mnp_core, model_name)
    rows = ["| JSON key (attribute) | type | default | meaning |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        value = field.get_default(call_default_factory=True)
        default = "required" if field.is_required() else f"`{json.dumps(value, default=str)}`"
        key = f"`{field.alias or name}`" + (f" (`{name}`)" if (field.alias or name) != name else "")
        cells = [key, _type_name(field.annotation), default, field.description or ""]
        rows.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    return "\n".join(rows) + "\n"


def on_files(files: Files, config) -> Files:
    files.append(File.generated(config, SCHEMA_FILE, content=_schema_text()))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if SCHEMA_MARKER in markdown:
        markdown = markdown.replace(SCHEMA_MARKER, f"```json\n{_schema_text()}```")
    return FIELDS_MARKER.sub(lambda m: fields_table(m.group(1)), markdown)


def on_page_content(html: str, page, config, files) -> str:
    return SPHINX_ROLE.sub(r"\1", html)
