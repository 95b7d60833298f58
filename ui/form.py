"""The one form generator: a template section becomes a page of entry fields.

Labels, units and order come from the template. A breakdown whose parts follow
one another in the template (the five title levels…) is laid out as a compact
grid with a live sum beside it; a breakdown whose parts are spread over the page
(staff by category) gets its live sum line after its last part. Ratios of the
section are shown live and read-only. A new indicator in a new template version
shows up without a code change.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from models.checks import breakdown_finding, breakdown_state, compute_ratios
from models.data import Allowance, fmt_number
from models.template import Breakdown, Heading, Section, Template
from models.values import format_value
from ui.allowances import AllowanceEditor
from ui.fields import NumberEdit, TextEdit
from ui.flow_layout import FlowLayout

_OK, _BAD, _WARN, _NOTE, _MUTED = "#2e7d32", "#d32f2f", "#b26a00", "#546e7a", "#777777"  # as the checks panel's
LABEL, FIELD, UNIT, PREVIOUS = range(4)


def grid_breakdowns(template: Template, section: Section) -> list[Breakdown]:
    """Breakdowns shown as a grid: parts consecutive in the section, none a total itself."""
    order = [i.code for i in section.indicators]
    totals = {b.total for b in template.breakdowns}
    out = []
    for b in template.breakdowns:
        if not all(p in order for p in b.parts) or any(p in totals for p in b.parts):
            continue
        first = order.index(b.parts[0])
        if order[first : first + len(b.parts)] == list(b.parts):
            out.append(b)
    return out


def grid_heading(label: str) -> str:
    """A grid column heading on two lines where a long label has a bracketed note:
    技师（士）（检验、影像等） -> 技师（士） / （检验、影像等）. Explicit lines, so nothing is cut off."""
    cut = label.rfind("（")
    if len(label) > 6 and cut > 0:
        return label[:cut] + "\n" + label[cut:]
    if len(label) > 14 and " " in label:  # English labels
        middle = label.find(" ", len(label) // 2 - 3)
        return label[:middle] + "\n" + label[middle + 1 :] if middle > 0 else label
    return label


class SumLabel(QLabel):
    """A breakdown against its typed total, as the checks find it: the finding in its colour
    (red with the difference for an error), or the sum with a ✓."""

    def __init__(self, template: Template, breakdown: Breakdown, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.breakdown = breakdown
        self.lang = lang
        self.ok: bool | None = None
        self.read_only = False  # nothing can be typed: no advice to type
        self.consolidated = False  # a 汇总: parts below the total are units that knew only the total
        self.setObjectName(f"sum:{breakdown.id}")
        self.setWordWrap(True)

    def refresh(self, values: dict[str, Decimal]) -> None:
        """What models.checks finds for this breakdown, said under it in the checks panel's
        colours (a part not known is a note, never red); the sum with a ✓ when it adds up."""
        b = self.breakdown
        finding = breakdown_finding(self.template, b, values, self.lang, self.consolidated)
        if finding is None:
            state = breakdown_state(self.template, b, values)  # nothing found: empty, or it adds up
            if state.verdict == "empty":
                self.ok = None
                self.show_state(self.tr("Sum: not filled in"), _MUTED)
            else:
                self.ok = True
                text = self.tr("Sum {sum}").format(sum=fmt_number(state.parts_sum))
                self.show_state(self.tr("{text} = {total} ✓").format(text=text, total=self.template.label(b.total, self.lang)), _OK)
            return
        self.ok = not finding.is_error
        text = finding.message
        if finding.is_note and not self.read_only and any(code in b.parts and code not in values for code in finding.codes):
            text += self.tr("(type 0 for a part there is none of)")
        self.show_state(text, _BAD if finding.is_error else _WARN if finding.is_warning else _NOTE)

    def show_state(self, text: str, colour: str) -> None:
        self.setText(text)
        self.setStyleSheet(f"color: {colour}; font-weight: {'bold' if colour == _BAD else 'normal'}")


def bold(label: QLabel) -> None:
    """A label in bold. Fonts and palettes, not style sheets, for what a page is built with:
    a style sheet on each of ~100 labels makes building and first painting a page ~25% slower."""
    font = label.font()
    font.setBold(True)
    label.setFont(font)


def coloured(label: QLabel, colour: str) -> None:
    """A label's text in ``colour`` (a palette, as for ``bold``)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)


class SectionForm(QWidget):
    """Entry page of one section; talks outward through signals only."""

    value_edited = Signal(str, object)  # code, Decimal | None
    text_edited = Signal(str, str)  # code, text
    problem_changed = Signal(str, str)  # code, message ("" = fine)
    history_requested = Signal(str)  # code
    allowances_edited = Signal()

    def __init__(self, template: Template, section: Section, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.section = section
        self.lang = lang
        self.setObjectName(f"form:{section.key}")
        self.fields: dict[str, NumberEdit] = {}
        self.texts: dict[str, TextEdit] = {}
        self.sums: dict[str, SumLabel] = {}
        self.ratios: dict[str, QLabel] = {}
        self.previous_labels: dict[str, QLabel] = {}
        self.labels: dict[str, tuple[QLabel, str]] = {}  # code -> its label and the label's own text
        self.coverage_notes: dict[str, QLabel] = {}  # code -> under a grid cell: what its figure covers
        self.allowances: AllowanceEditor | None = None
        self.text_heads: dict[str, QHBoxLayout] = {}  # text code -> the row of its label
        self.reading_order: list[QWidget] = []  # focusable widgets, in the order the eye reads them
        self.build()

    # ---- building ------------------------------------------------------------------
    def build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(
            f"<b>{self.section.label if self.lang != 'en' else self.section.label_en}</b>  <span style='color:{_MUTED}'>{self.section.table_number}</span>",
            self,
        )
        layout.addWidget(title)
        if self.section.indicators:
            layout.addWidget(self.build_figures())
        ratios = [r for r in self.template.ratios if r.section == self.section.key]
        if ratios:
            box = QGroupBox(self.tr("Computed ratios (calculated, not typed)"), self)
            grid = QGridLayout(box)
            for n, r in enumerate(ratios):
                label = QLabel(r.label_en if self.lang == "en" else r.label, box)
                value = QLabel("—", box)
                value.setObjectName(f"ratio:{r.code}")
                value.setMinimumWidth(70)
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(label, n // 2, (n % 2) * 2)
                grid.addWidget(value, n // 2, (n % 2) * 2 + 1)
                self.ratios[r.code] = value
            grid.setColumnStretch(4, 1)
            layout.addWidget(box)
        if self.section.has_allowances:
            box = QGroupBox(self.tr("Allowances and honours"), self)
            box_layout = QVBoxLayout(box)
            self.allowances = AllowanceEditor(box, self.template)
            self.allowances.rows_edited.connect(self.allowances_edited)
            box_layout.addWidget(self.allowances)
            layout.addWidget(box)
            self.reading_order += [
                self.allowances.table,
                self.allowances.add_button,
                self.allowances.remove_button,
                self.allowances.up_button,
                self.allowances.down_button,
            ]
        for t in self.template.texts:
            if t.section != self.section.key:
                continue
            label = QLabel(t.label_en if self.lang == "en" else t.label, self)
            edit = TextEdit(t.code, self)
            edit.setMinimumHeight(110 if not self.section.indicators else 70)
            if t.numbered:
                edit.setPlaceholderText(self.tr("1. …\n2. …"))
            edit.text_edited.connect(self.text_edited)
            label.setBuddy(edit)
            head = QHBoxLayout()  # the label, and room for buttons others add (add_text_button)
            head.addWidget(label)
            head.addStretch(1)
            self.text_heads[t.code] = head
            layout.addLayout(head)
            layout.addWidget(edit, 1 if not self.section.indicators else 0)
            self.texts[t.code] = edit
            self.reading_order.append(edit)
        if self.section.indicators:
            layout.addStretch(1)
        for before, after in pairwise(self.reading_order):
            QWidget.setTabOrder(before, after)

    def build_figures(self) -> QWidget:
        frame = QFrame(self)
        grid = QGridLayout(frame)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for col, text in ((LABEL, self.tr("Indicator")), (FIELD, self.tr("This period")), (UNIT, self.tr("Unit")), (PREVIOUS, self.tr("Last period"))):
            head = QLabel(f"<span style='color:{_MUTED}'>{text}</span>", frame)
            grid.addWidget(head, 0, col, Qt.AlignmentFlag.AlignRight if col in (FIELD, PREVIOUS) else Qt.AlignmentFlag.AlignLeft)
        grids = {b.parts[0]: b for b in grid_breakdowns(self.template, self.section)}
        in_grid = {p for b in grids.values() for p in b.parts}
        # Spread-out breakdowns get their sum line after their last part.
        spread = [b for b in self.template.breakdowns if b not in grids.values() and b.total in {i.code for i in self.section.indicators}]
        last_part = {b.parts[-1] if b.parts[-1] in {i.code for i in self.section.indicators} else b.total: b for b in spread}
        row = 1
        for ind in self.template.rows(self.section):
            if isinstance(ind, Heading):
                if not self.heads_grid(ind, grids):
                    # a "按…分" row: groups the rows under it, holds no figure
                    heading = QLabel(ind.label_en if self.lang == "en" else ind.label, frame)
                    heading.setObjectName(f"heading:{ind.label}")
                    heading.setContentsMargins(18 * ind.level, 0, 0, 0)
                    bold(heading)
                    grid.addWidget(heading, row, LABEL)
                    row += 1
                continue
            if ind.code in grids:
                grid.addWidget(self.build_grid(grids[ind.code], frame), row, LABEL, 1, 5)
                row += 1
                continue
            if ind.code in in_grid:
                continue
            label = QLabel(ind.label_en if self.lang == "en" else ind.label, frame)
            self.labels[ind.code] = (label, label.text())
            label.setContentsMargins(18 * ind.level, 0, 0, 0)
            if ind.level == 0:
                bold(label)
            edit = self.add_field(ind.code, frame)
            label.setBuddy(edit)
            previous = QLabel(frame)
            coloured(previous, _MUTED)
            previous.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.previous_labels[ind.code] = previous
            grid.addWidget(label, row, LABEL)
            grid.addWidget(edit, row, FIELD)
            grid.addWidget(QLabel(ind.unit, frame), row, UNIT)
            grid.addWidget(previous, row, PREVIOUS)
            row += 1
            if ind.code in last_part:
                b = last_part[ind.code]
                caption = QLabel(f"<i>{b.label_en if self.lang == 'en' else b.label}</i>", frame)
                caption.setContentsMargins(18, 0, 0, 0)
                grid.addWidget(caption, row, LABEL)
                grid.addWidget(self.add_sum(b, frame), row, FIELD, 1, 4)
                row += 1
        grid.setColumnStretch(4, 1)
        grid.setColumnMinimumWidth(LABEL, 220)
        return frame

    def heads_grid(self, heading: Heading, grids: dict[str, Breakdown]) -> bool:
        """Is ``heading`` the caption of a grid (then it is shown there, not as a row of its own)?"""
        return any(b.id == heading.breakdown for b in grids.values())

    def add_field(self, code: str, parent: QWidget) -> NumberEdit:
        edit = NumberEdit(self.template.indicator(code), parent)
        edit.value_edited.connect(self.value_edited)
        edit.problem_changed.connect(self.problem_changed)
        edit.history_requested.connect(self.history_requested)
        edit.cells_pasted.connect(self.paste_cells)
        self.fields[code] = edit
        self.reading_order.append(edit)
        return edit

    def add_sum(self, b: Breakdown, parent: QWidget) -> SumLabel:
        label = SumLabel(self.template, b, self.lang, parent)
        self.sums[b.id] = label
        return label

    def build_grid(self, b: Breakdown, parent: QWidget) -> QWidget:
        """The caption, one cell per part (heading over the field) and the live sum, flowing
        onto further lines when the page is narrow: the sum is never off screen."""
        box = QFrame(parent)
        box.setObjectName(f"grid:{b.id}")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        flow = FlowLayout(box)
        flow.setContentsMargins(8, 4, 8, 4)
        level = self.template.indicator(b.parts[0]).level
        # The template's "按…分" heading where it gives one, under the total it breaks down.
        caption = QLabel((b.heading_en or b.heading or b.label_en) if self.lang == "en" else (b.heading or b.label), box)
        caption.setContentsMargins(18 * max(level - 1, 0), 0, 0, 0)
        bold(caption)
        caption.setMinimumWidth(130)
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        flow.addWidget(caption)
        for code in b.parts:
            ind = self.template.indicator(code)
            cell = QWidget(box)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            head = QLabel(grid_heading(ind.label_en if self.lang == "en" else ind.label), cell)
            head.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
            edit = self.add_field(code, cell)
            edit.setFixedWidth(92)
            head.setBuddy(edit)
            cell_layout.addStretch(1)  # the fields of a line stay on one level under headings of one or two lines
            cell_layout.addWidget(head, 0, Qt.AlignmentFlag.AlignHCenter)
            cell_layout.addWidget(edit, 0, Qt.AlignmentFlag.AlignHCenter)
            note = QLabel(cell)
            coloured(note, _NOTE)
            note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            note.hide()  # shown only on a view whose figure not every unit or quarter gave
            cell_layout.addWidget(note, 0, Qt.AlignmentFlag.AlignHCenter)
            self.coverage_notes[code] = note
            flow.addWidget(cell)
        sum_label = self.add_sum(b, box)
        sum_label.setMinimumWidth(170)
        sum_label.setMaximumWidth(260)
        flow.addWidget(sum_label)
        return box

    # ---- showing a return --------------------------------------------------------------
    def show_return(
        self,
        values: dict[str, Decimal],
        texts: dict[str, str],
        allowances: list[Allowance],
        previous: dict[str, Decimal] | None,
        months: int,
    ) -> None:
        for code, edit in self.fields.items():
            edit.show_value(values.get(code))
        for code, label in self.previous_labels.items():
            value = (previous or {}).get(code)
            label.setText("" if value is None else format_value(self.template.indicator(code), value, grouping=True))
        for code, text_edit in self.texts.items():
            text_edit.show_text(texts.get(code, ""))
        if self.allowances is not None:
            self.allowances.set_rows(allowances, months)
        self.refresh_derived(values)

    def show_coverage(self, coverage: dict[str, str]) -> None:
        """Beside each figure of a 汇总表 or 全年 not reported in full, what it covers
        ("其中：女性（3/4 个单位填报）"), in the notes' colour; nothing for the others."""
        import html  # here: it loads its table of entities, not needed to paint the window

        for code, (label, own) in self.labels.items():
            said = coverage.get(code, "")
            label.setTextFormat(Qt.TextFormat.RichText if said else Qt.TextFormat.PlainText)
            label.setText(f"{html.escape(own)} <span style='color:{_NOTE}'>（{html.escape(said)}）</span>" if said else own)
        for code, note in self.coverage_notes.items():
            note.setText(coverage.get(code, ""))
            note.setVisible(code in coverage)

    def refresh_derived(self, values: dict[str, Decimal]) -> None:
        """Live sums and ratios from the current figures."""
        for sum_label in self.sums.values():
            sum_label.refresh(values)
        if self.ratios:
            computed = compute_ratios(self.template, values)
            for code, ratio_label in self.ratios.items():
                value = computed.get(code)
                ratio_label.setText("—" if value is None else f"{value}%")

    def flag_fields(self, flags: dict[str, str]) -> None:
        """Outline the figures the checks name (code -> "error" / "warning")."""
        for code, edit in self.fields.items():
            edit.set_flag(flags.get(code, ""))

    def set_consolidated(self, consolidated: bool) -> None:
        for sum_label in self.sums.values():
            sum_label.consolidated = consolidated

    def set_read_only(self, read_only: bool) -> None:
        for sum_label in self.sums.values():
            sum_label.read_only = read_only
        for edit in self.fields.values():
            edit.setReadOnly(read_only)
        for text_edit in self.texts.values():
            text_edit.setReadOnly(read_only)
        if self.allowances is not None:
            self.allowances.set_read_only(read_only)

    # ---- navigation --------------------------------------------------------------------
    def paste_cells(self, start: NumberEdit, cells: list[str]) -> None:
        """Fill ``start`` and the figure fields after it in reading order, one cell each."""
        order = [w for w in self.reading_order if isinstance(w, NumberEdit)]
        for edit, cell in zip(order[order.index(start) :], cells, strict=False):  # cells past the last field are dropped
            edit.type_text(cell)
            edit.normalise()

    def focus_code(self, code: str) -> QWidget | None:
        widget: QWidget | None = self.fields.get(code) or self.texts.get(code)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    def add_text_button(self, code: str, button: QWidget) -> None:
        """Put ``button`` beside a text box's label (e.g. 根据数字起草), before the stretch."""
        head = self.text_heads[code]
        head.insertWidget(head.count() - 1, button)

    def first_widget(self) -> QWidget | None:
        return self.reading_order[0] if self.reading_order else None
