"""gis.stats.charts.Chart drawn with pyqtgraph: on screen (ChartView, a bar or point click says which category and
series) and into reports (to_png for .docx, paint for a PDF page: the same scene, vector on paper)."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

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
        plot.setTitle(f"<span style='font-size:{round(self.font_px * 1.15)}px'>{chart.title}</span>", color="#222")
        n = len(chart.categories)
        ticks = [[(i, c) for i, c in enumerate(chart.categories)]]
        cat_axis, val_axis = ("left", "bottom") if chart.horizontal else ("bottom", "left")
        for name in ("left", "bottom"):
            ax = plot.getAxis(name)
            ax.setTickFont(font)
            ax.setPen(pg.mkPen("#444"))
            ax.setTextPen(pg.mkPen("#222"))
        plot.getAxis(cat_axis).setTicks(ticks)
        plot.getAxis(val_axis).setTicks(None)
        plot.getAxis(val_axis).setLabel(chart.unit, **{"font-size": f"{round(self.font_px)}px", "color": "#222"})
        # room for the labels from the start: pyqtgraph widens an axis only after a first paint, too late for an
        # image drawn once
        longest = max((len(c) for c in chart.categories), default=2)
        if chart.horizontal:
            plot.getAxis("left").setWidth(round(self.font_px * (longest + 1)))
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
        top = top * (1.35 if len(chart.series) > 1 else 1.1) if top > 0 else 1.0
        if chart.horizontal:
            plot.setRange(xRange=(0, top), yRange=(-0.6, n - 0.4), padding=0)
            plot.invertY(True)
        else:
            plot.invertY(False)
            plot.setRange(xRange=(-0.6, n - 0.4), yRange=(0, top), padding=0)

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
