"""gis.stats.charts.Chart drawn with pyqtgraph: on screen (ChartView, a bar or point click says which category and
series) and into reports (to_png for .docx, paint for a PDF page: the same scene, vector on paper)."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from gis.stats.charts import Chart

COLORS = ["#2c7bb6", "#d7191c", "#fdae61", "#1a9641", "#7b3294", "#636363"]
TARGET = "#1a9641"
BAR_SPAN = 0.8


def _font(px: float) -> QFont:
    from desktop.printing.pdf_fonts import print_families

    f = QFont()
    f.setFamilies(print_families(serif=False))
    f.setPixelSize(max(1, round(px)))
    return f


class ChartView(pg.PlotWidget):
    """One chart. `clicked(key, kpi)` when a bar (or a line's point) is clicked: the category's key (a period
    label or a group key) and the KPI of the series clicked."""

    clicked = Signal(str, str)

    def __init__(self, chart: Chart | None = None, parent=None, *, font_px: float = 12) -> None:
        super().__init__(parent, background="w")
        self.font_px = font_px
        self.chart: Chart | None = None
        self._bars: list[tuple[int, float, float]] = []      # series index, offset, width (in category units)
        self._top = 0.0                                       # the largest value shown (or the target)
        self._ticks: tuple[int, list[str]] | None = None     # every k-th category labelled, the labels shown
        self._title_key: tuple | None = None                  # (names under the title, on one line, title shown)
        self._title_room = 30                                 # the title's height in pixels
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self.hideButtons()
        self.getPlotItem().scene().sigMouseClicked.connect(self._scene_clicked)
        if chart is not None:
            self.set_chart(chart)

    def set_chart(self, chart: Chart) -> None:
        self.chart = chart
        plot = self.getPlotItem()
        plot.clear()
        if plot.legend is not None:
            plot.legend.scene().removeItem(plot.legend) if plot.legend.scene() else None
            plot.legend = None
        font = _font(self.font_px)
        self._title_key = None
        self._ticks = None
        n = len(chart.categories)
        val_axis = "bottom" if chart.horizontal else "left"
        for name in ("left", "bottom"):
            ax = plot.getAxis(name)
            ax.setTickFont(font)
            ax.setPen(pg.mkPen("#444"))
            ax.setTextPen(pg.mkPen("#222"))
        plot.getAxis(val_axis).setTicks(None)           # the category axis's ticks: fit()
        plot.getAxis(val_axis).setLabel(chart.unit, **{"font-size": f"{round(self.font_px)}px", "color": "#222"})
        # room for the labels from the start: pyqtgraph widens an axis only after a first paint, too late for an
        # image drawn once
        if chart.horizontal:           # the category names' width: fit() measures them
            plot.getAxis("bottom").setHeight(round(self.font_px * 3.2))
        else:
            plot.getAxis("bottom").setHeight(round(self.font_px * 2.0))
            plot.getAxis("left").setWidth(round(self.font_px * 4.5))
        plot.showGrid(x=chart.horizontal, y=not chart.horizontal, alpha=0.25)
        bars = [i for i, s in enumerate(chart.series) if s.kind == "bar"]
        width = BAR_SPAN / max(1, len(bars))
        self._bars = []
        if len(chart.series) > 1:
            # top right over vertical bars, bottom right beside horizontal ones; the value axis is lengthened
            # below so the longest bar ends before the legend starts
            legend = plot.addLegend(offset=(-10, -10 if chart.horizontal else 10), labelTextColor="#222")
            legend.setLabelTextSize(f"{round(self.font_px)}px")
        top = 0.0
        for si, series in enumerate(chart.series):
            color = COLORS[si % len(COLORS)]
            values = np.array([np.nan if v is None else v for v in series.values], dtype=float)
            finite = values[np.isfinite(values)]
            top = max(top, float(finite.max()) if len(finite) else 0.0)
            if series.kind == "bar":
                k = bars.index(si)
                offset = -BAR_SPAN / 2 + width * (k + 0.5)
                pos = np.arange(n) + offset
                heights = np.nan_to_num(values)
                if chart.horizontal:
                    item = pg.BarGraphItem(x0=0, y=pos, width=heights, height=width * 0.9, brush=color, pen=None,
                                           name=series.name)
                else:
                    item = pg.BarGraphItem(x=pos, height=heights, width=width * 0.9, brush=color, pen=None,
                                           name=series.name)
                self._bars.append((si, offset, width))
            elif not len(finite):      # a line with no value at all (an empty project): nothing to draw
                continue
            else:
                item = pg.PlotDataItem(np.arange(n), values, pen=pg.mkPen(color, width=2), symbol="o", symbolSize=6,
                                       symbolBrush=color, symbolPen=None, name=series.name, connect="finite")
            plot.addItem(item)
        if chart.target is not None:
            line = pg.InfiniteLine(chart.target, angle=90 if chart.horizontal else 0,
                                   pen=pg.mkPen(TARGET, width=1, style=Qt.PenStyle.DashLine))
            plot.addItem(line)
            top = max(top, chart.target)
        self._top = top
        plot.invertY(chart.horizontal)
        self.fit(self.width(), self.height())

    def fit(self, width: float, height: float) -> None:
        """Fit the chart to a size in pixels: the title elided to the width (whole on hover); a horizontal chart's
        category names given at most ~40 % of it (elided past that); the value axis long enough that the legend
        (its names side by side when they fit) sits beyond the longest bar, or the names under the title when the
        plot has no room for it; along a crowded category axis (the weeks of a trend, the sectors of a low chart)
        only every k-th label, so labels never run into each other (every category keeps its tick). Called on
        every resize."""
        chart = self.__dict__.get("chart")      # pyqtgraph resizes the view before __init__ has set it
        plot = self.getPlotItem()                # and after close() has let go of its plot
        if chart is None or plot is None:
            return
        n = len(chart.categories)
        metrics = QFontMetricsF(_font(self.font_px))
        px = self.font_px
        labels = list(chart.categories)
        if chart.horizontal:
            cap = max(0.4 * width, 3 * px)
            labels = [metrics.elidedText(c, Qt.TextElideMode.ElideRight, cap) for c in labels]
            label_w = max((metrics.horizontalAdvance(c) for c in labels), default=2 * px) + px
            if round(label_w) != plot.getAxis("left").width():
                plot.getAxis("left").setWidth(round(label_w))
        # the title and the names under it have the width above the plot (pyqtgraph widens the whole plot, past
        # the view's edge, for a title wider than that)
        above = width - (label_w if chart.horizontal else px * 4.5) - 16
        inline, one_line, factor = False, True, 1.1
        if len(chart.series) > 1:       # the legend's share of the value axis, as it is drawn
            names = [metrics.horizontalAdvance(s.name) + 3.5 * px for s in chart.series]
            one_line = sum(names) <= 0.95 * above
            if chart.horizontal:
                legend = max(names) + 18                           # and the offset, a gap
                axis = width - label_w - 10
            else:                        # the names side by side when they fit across: one row to clear
                across = sum(names) <= 0.95 * (width - px * 4.5)
                if plot.legend is not None and plot.legend.columnCount != (len(names) if across else 1):
                    plot.legend.setColumnCount(len(names) if across else 1)
                legend = (1 if across else len(names)) * max(22.0, 1.7 * px) + 40    # rows, margins, offset, gap
                axis = height - self._title_height(1) - px * 2 - 10    # less a one-line title, the category axis
            share = legend / max(axis, 1.0)
            # names under the title only while the plot keeps room for bars (a chart ~100 px high keeps its legend)
            lines = 2 if one_line else 1 + len(names)
            left = height - self._title_height(lines) - px * (3.2 if chart.horizontal else 2) - 10
            inline = share > 0.5 and left >= 2.5 * px
            factor = 1.1 if inline else max(1.25, 1 / (1 - min(share, 0.6)))
        self._title(inline, one_line, above)
        top = self._top * factor if self._top > 0 else 1.0
        if chart.horizontal:
            plot.setRange(xRange=(0, top), yRange=(-0.6, n - 0.4), padding=0)
            each, room, axis_name = 1.25 * px, height - self._title_room - px * 3.2 - 10, "left"
        else:
            plot.setRange(xRange=(-0.6, n - 0.4), yRange=(0, top), padding=0)
            each = max((metrics.horizontalAdvance(c) for c in labels), default=0) + px
            room, axis_name = width - px * 4.5 - 16, "bottom"
        step = max(1, math.ceil(each * n / max(room, 40.0))) if n else 1
        if (step, labels) != self._ticks:   # every k-th category labelled, so labels never run into each other
            self._ticks = (step, labels)
            plot.getAxis(axis_name).setTicks([[(i, c) for i, c in enumerate(labels) if i % step == 0],
                                              [(i, "") for i in range(n) if i % step]])

    def _title(self, inline: bool, one_line: bool, width: float) -> None:
        """The chart's title, elided to `width` (whole on hover); `inline`: with the series' names in their colours
        below it (on one line, or one under another, each elided to `width`), the legend hidden."""
        chart, plot, px = self.chart, self.getPlotItem(), self.font_px
        title = QFontMetricsF(_font(px * 1.15)).elidedText(chart.title, Qt.TextElideMode.ElideRight, width)
        if (inline, one_line, title) == self._title_key:
            return
        self._title_key = (inline, one_line, title)
        self.setToolTip(chart.title if title != chart.title else "")
        text = f"<span style='font-size:{round(px * 1.15)}px'>{title}</span>"
        if inline:
            text += "<br>" + ("&nbsp;&nbsp;" if one_line else "<br>").join(
                f"<span style='font-size:{round(px)}px'><span style='color:{COLORS[i % len(COLORS)]}'>■</span>"
                f"&nbsp;{name}</span>" for i, name in enumerate(
                    QFontMetricsF(_font(px)).elidedText(s.name, Qt.TextElideMode.ElideRight, width - 2 * px)
                    for s in chart.series))
        plot.setTitle(text, color="#222")
        room = self._title_height(1 if not inline else (2 if one_line else 1 + len(chart.series)))
        plot.titleLabel.setMaximumHeight(room)
        plot.layout.setRowFixedHeight(0, room)
        self._title_room = room
        if plot.legend is not None:
            plot.legend.setVisible(not inline)

    def _title_height(self, lines: int) -> int:
        """The title's row for a title of `lines` lines (pyqtgraph gives a title 30 px)."""
        return max(30, round(self.font_px * 1.15 * 1.3 + (lines - 1) * self.font_px * 1.3 + 8))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        before = self.__dict__.get("_title_key")      # (pyqtgraph resizes the view inside __init__)
        self.fit(self.width(), self.height())
        if self.__dict__.get("_title_key") != before:    # a title elided for this width: the plot laid out again within the view
            super().resizeEvent(event)

    def hit(self, x: float, y: float) -> tuple[str, str] | None:
        """The (key, kpi) under a point in data coordinates: the bar there, or the nearest category of a line."""
        chart = self.chart
        if chart is None or not chart.categories:
            return None
        along, across = (y, x) if chart.horizontal else (x, y)
        i = int(math.floor(along + 0.5))
        if not 0 <= i < len(chart.categories):
            return None
        for si, offset, width in self._bars:
            if offset - width / 2 <= along - i <= offset + width / 2:
                v = chart.series[si].values[i]
                if v is not None and 0 <= across <= max(v, 0) * 1.02 + 1e-9 or (v == 0 and abs(across) < 1e-9):
                    return chart.keys[i], chart.series[si].kpi
                if v is not None and across <= 0:
                    return None
        lines = [s for s in chart.series if s.kind == "line"]
        if lines:
            return chart.keys[i], lines[0].kpi
        if self._bars:   # a click beside the bar's top still means its category: the first series with a value
            si = self._bars[0][0]
            return chart.keys[i], chart.series[si].kpi
        return None

    def _scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        p = vb.mapSceneToView(event.scenePos())
        got = self.hit(p.x(), p.y())
        if got:
            self.clicked.emit(*got)

    def point_of(self, category: int, series: int = 0) -> QPointF:
        """Where, in this widget's coordinates, the middle of a category's bar (or point) is: for tests and
        tooltips."""
        chart = self.chart
        offset = next((o for si, o, _ in self._bars if si == series), 0.0)
        v = chart.series[series].values[category] or 0.0
        along, across = category + offset, v / 2 if chart.series[series].kind == "bar" else v
        data = QPointF(across, along) if chart.horizontal else QPointF(along, across)
        scene = self.getPlotItem().getViewBox().mapViewToScene(data)
        return self.mapFromScene(scene)


def _offscreen(chart: Chart, width_px: int, height_px: int, font_px: float) -> ChartView:
    from desktop.printing.page import ensure_gui

    ensure_gui()
    view = ChartView(chart, font_px=font_px)
    view.resize(width_px, height_px)
    view.getPlotItem().resize(width_px, height_px)
    view.setSceneRect(0, 0, width_px, height_px)
    view.getPlotItem().setGeometry(QRectF(0, 0, width_px, height_px))
    view.fit(width_px, height_px)          # a hidden widget gets its resize event only when shown
    return view


def to_image(chart: Chart, width_px: int = 1600, height_px: int = 800, font_px: float = 26) -> QImage:
    view = _offscreen(chart, width_px, height_px, font_px)
    image = QImage(width_px, height_px, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.scene().render(p, QRectF(0, 0, width_px, height_px), QRectF(0, 0, width_px, height_px))
    p.end()
    view.deleteLater()
    return image


def to_png(chart: Chart, width_px: int = 1600, height_px: int = 800, font_px: float = 26) -> bytes:
    """The chart as PNG bytes (for a .docx: 1600 × 800 prints sharp at 16 × 8 cm)."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    to_image(chart, width_px, height_px, font_px).save(buf, "PNG")
    buf.close()
    return bytes(data)


def paint(chart: Chart, painter: QPainter, target: QRectF, font_px: float) -> None:
    """The chart drawn into `target` of a painter (a PDF page: vector lines and text)."""
    w, h = max(1, round(target.width())), max(1, round(target.height()))
    view = _offscreen(chart, w, h, font_px)
    painter.save()
    painter.setPen(QPen(Qt.PenStyle.NoPen))
    view.scene().render(painter, target, QRectF(0, 0, w, h))
    painter.restore()
    view.deleteLater()
