"""The layout of the Excel return, shared by the exporter and the importer.

One place says where things are, so the writer and the reader cannot drift:

- one worksheet per template section, named by the section label; the sheet has
  the statistical-return header (表名, 表号, 制定机关…, 填报单位, 报告期, 计量单位),
  a column-heading row (指标名称 | 代码 | 计量单位 | 本期 | 上期 | 本年累计) with the
  甲/乙/丙/1/2/3 row under it, one row per indicator with its row code (01, 02 …,
  from the template) in the 代码 column, the template's "按…分" heading rows (no
  figures), the computed ratios, the section's 说明, and the signature block;
- every row the program reads carries its stable code (an indicator's or a text's code,
  a marker) in the hidden column G (``STABLE_CODE_COLUMN``, headed ``HEAD_STABLE_CODE``):
  the clerk sees the official form, the importer keys on the stable code and holds the
  visible row code to it. Files of format version 1 had the stable codes in 代码 and
  no column G; they still import;
- the 激励与待遇 sheet also holds the allowance list (津贴与荣誉) between a marker
  row (代码 ``allowances``) and its total row (代码 ``allowances.total``);
- the last sheet holds the narrative texts and the explanations of warnings;
- a hidden, protected sheet ``meta`` holds the identity of the return (template,
  unit, period, scope, status) and a checksum of its identity and content, also
  reachable through defined names (HRH_UNIT, HRH_PERIOD …). The identity is also in
  the visible header of every section sheet (单位代码, 统一社会信用代码, 单位名称 or
  综合机关名称, 报告期), and the importer refuses a file whose two disagree.

Long texts are written one paragraph per row (a row's height is limited), every
row carrying the text's code; a paragraph too long for one row continues in
rows whose code ends in ``+`` (joined without a line break).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any

from models.data import ReturnData
from models.template import Template

FORMAT = "hrh-return-xlsx"
# 1: stable codes in the 代码 column; 2: row codes in 代码, stable codes in hidden column G.
FORMAT_VERSION = 2
META_SHEET = "meta"

# Keys of the meta sheet (column A) and the defined name of each value (column B).
META_KEYS: tuple[tuple[str, str], ...] = (
    ("format", "HRH_FORMAT"),
    ("format_version", "HRH_FORMAT_VERSION"),
    ("template", "HRH_TEMPLATE"),
    ("template_version", "HRH_TEMPLATE_VERSION"),
    ("unit_code", "HRH_UNIT"),
    ("unit_name", "HRH_UNIT_NAME"),
    ("unit_level", "HRH_UNIT_LEVEL"),
    ("unit_parent", "HRH_UNIT_PARENT"),
    ("unit_credit_code", "HRH_UNIT_CREDIT_CODE"),
    ("period", "HRH_PERIOD"),
    ("scope", "HRH_SCOPE"),
    ("status", "HRH_STATUS"),
    ("blank", "HRH_BLANK"),
    ("exported_at", "HRH_EXPORTED_AT"),
    ("checksum_version", "HRH_CHECKSUM_VERSION"),
    ("checksum", "HRH_CHECKSUM"),
)

# The visible identity: labels of the header block (column A, "label：value") of each section sheet.
HEAD_UNIT_CODE = "单位代码"
HEAD_CREDIT_CODE = "统一社会信用代码"
HEAD_UNIT_NAME = "单位名称（公章）"
HEAD_CONSOLIDATED_NAME = "综合机关名称（公章）"  # a consolidated return
HEAD_PERIOD = "报告期"
UNITS_SHEET = "汇总表"  # a consolidated return's table of its units (shown, not imported)

# Column headings of an indicator sheet; the importer finds its columns by these words.
HEAD_LABEL, HEAD_CODE, HEAD_UNIT, HEAD_CURRENT, HEAD_PREVIOUS, HEAD_YTD = "指标名称", "代码", "计量单位", "本期", "上期", "本年累计"
HEAD_CONTENT = "内容"
INDICATOR_HEADINGS = (HEAD_LABEL, HEAD_CODE, HEAD_UNIT, HEAD_CURRENT, HEAD_PREVIOUS, HEAD_YTD)
COLUMN_NUMBERS = ("甲", "乙", "丙", "1", "2", "3")
TEXT_HEADINGS = ("项目", HEAD_CODE, HEAD_CONTENT)
STABLE_CODE_COLUMN = 7  # G: hidden, right of the form (A–F)
HEAD_STABLE_CODE = "程序代码"  # its heading, on the column-heading row
NOT_APPLICABLE = "—"  # a cell that is not filled in on this form (本年累计 of a stock)

ALLOWANCES_MARK = "allowances"
ALLOWANCES_TOTAL = "allowances.total"
ALLOWANCE_HEADINGS = ("名称", "所属单位", "人数", "标准\n（元/人/月）", "一次性奖励\n（元/人）", "本期发放金额\n（元）")
EXPLANATIONS_MARK = "explanations"
CONTINUED = "+"  # code suffix: this row continues the previous row's paragraph

# Signature block: label -> Signatories field. The value is in the cell right of
# the label (labels in column A have their value in B; in C, in E).
SIGNATORIES = (
    ("单位负责人", "unit_head"),
    ("统计负责人", "stats_head"),
    ("填表人", "filled_by"),
    ("联系电话", "phone"),
    ("报出日期", "report_date"),
)
SIGNATURE_VALUE_COLUMN = {1: 2, 3: 5}

# Limits that keep a file from exhausting memory or time before openpyxl reads it.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # everything, pictures included
MAX_XML_BYTES = 20 * 1024 * 1024  # the XML openpyxl parses; a return with long texts is under 2 MB
MAX_MEMBERS = 500
MAX_RATIO = 200  # compression ratio of one member (ordinary sheet XML stays well under 50)
MAX_ROWS = 20000  # rows read per sheet; a return has a few hundred
FORM_COLUMNS = 6  # a section sheet uses columns A–F
READ_COLUMNS = 12  # columns read: a figure typed right of the form is found, not lost


def sheet_names(template: Template) -> list[str]:
    """The worksheet of each section, in order (Excel allows 31 characters)."""
    return [s.label[:31] for s in template.sections]


def display_width(text: str) -> int:
    """Width in Excel column units: CJK characters are two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# 1: values, texts, allowances, explanations and signatories (the release before 2);
# 2: also the identity (template, unit, period, scope) and the blank-template flag.
CHECKSUM_VERSION = 2
_CONTENT_KEYS = ("values", "texts", "allowances", "explanations", "signatories")


def checksum(data: ReturnData, template: Template, blank: bool = False, version: int = CHECKSUM_VERSION) -> str:
    """SHA-256 of what an import reads back, in the canonical form of the JSON exchange format.

    Version 2 covers the identity and the blank flag, and, for an export, every value,
    text, allowance row, explanation and signatory. A blank template's content is empty by
    definition (the clerk fills it in), so its checksum covers the identity and the flag:
    a blank flag set by hand on an edited export does not match it. It proves that the
    file is as this program wrote it, not who wrote it: anyone with the program can make one.
    """
    from formats.json_io import to_json

    doc = to_json(data, template)
    content: dict[str, Any] = {} if version >= 2 and blank else {k: doc[k] for k in _CONTENT_KEYS}
    if version >= 2:
        unit = data.unit
        content["identity"] = {
            "template": data.template_id,
            "template_version": data.template_version,
            "unit": [unit.code, unit.name, unit.level, unit.parent or "", unit.credit_code],
            "period": data.period,
            "scope": data.scope,
            "blank": blank,
        }
    raw = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
