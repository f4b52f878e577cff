"""Dashboard charts at the size a 1366×768 laptop gives them (compact: ~230 × 140 px), in a dock and wide: category
labels never run into each other, and the legend never covers a bar (the names move under the title when the plot
has no room for a legend)."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from desktop.charts import ChartView
from gis.stats.charts import Chart, Series

WEEKS = tuple(f"{m:02d}.{d:02d}" for m, d in [(9, 14), (9, 21), (9, 28), (10, 5), (10, 12), (10, 19), (10, 26),
                                              (11, 2), (11, 9), (11, 16), (11, 23), (11, 30)])
TREND = Chart("近12周隐患登记与销号", WEEKS, WEEKS, (Series("新登记", tuple(range(30, 54, 2)), "new"),
                                                 Series("销号", tuple(range(20, 68, 4)), "closed")), unit="处")
SECTORS = ("托育托管", "建筑施工", "消防", "森林防火", "燃气", "危险化学品", "工贸", "交通运输")
BY_SECTOR = Chart("各行业逾期与重大隐患", SECTORS, SECTORS,
                  (Series("逾期未整改", (3, 18, 95, 12, 100, 14, 60, 10), "overdue"),
                   Series("未销号重大隐患", (0, 2, 5, 0, 4, 1, 3, 0), "major")), unit="处", horizontal=True)

# as the English window names them: long titles and category names
TREND_EN = Chart("Hazards registered and closed, last 12 weeks", WEEKS, WEEKS,
                 (Series("Registered", TREND.series[0].values, "new"), Series("Closed", TREND.series[1].values, "closed")))
SECTORS_EN = ("Childcare", "Construction", "Fire safety", "Forest fire prevention", "Gas", "Hazardous chemicals",
              "Industry and trade", "Transport")
BY_SECTOR_EN = Chart("Overdue and major hazards by sector", SECTORS_EN, SECTORS,
                     (Series("Overdue", BY_SECTOR.series[0].values, "overdue"),
                      Series("Open major hazards", BY_SECTOR.series[1].values, "major")), horizontal=True)


def shown(qtbot, chart: Chart, size: tuple[int, int]) -> ChartView:
    view = ChartView(chart, font_px=12)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def scene_rect(view: ChartView, rect: QRectF) -> QRectF:
    vb = view.getPlotItem().getViewBox()
    return QRectF(vb.mapViewToScene(rect.topLeft()), vb.mapViewToScene(rect.bottomRight())).normalized()


def label_spans(view: ChartView) -> list[tuple[float, float]]:
    """Where each category label drawn lies along its axis, in scene pixels."""
    chart, plot = view.chart, view.getPlotItem()
    axis = plot.getAxis("left" if chart.horizontal else "bottom")
    metrics = QFontMetricsF(axis.style["tickFont"])
    vb, spans = plot.getViewBox(), []
    for i, text in axis._tickLevels[0]:                  # the labelled level (the other carries bare ticks)
        at = vb.mapViewToScene(QPointF(0, i) if chart.horizontal else QPointF(i, 0))
        half = (metrics.height() if chart.horizontal else metrics.horizontalAdvance(text)) / 2
        centre = at.y() if chart.horizontal else at.x()
        spans.append((centre - half, centre + half))
    return sorted(spans)


@pytest.mark.parametrize("chart", [TREND, BY_SECTOR, TREND_EN, BY_SECTOR_EN],
                         ids=["weeks", "sectors", "weeks-en", "sectors-en"])
@pytest.mark.parametrize("size", [(231, 139), (376, 294), (700, 400)], ids=["compact", "dock", "wide"])
def test_category_labels_never_overlap_and_the_legend_covers_no_bar(qtbot, chart, size):
    view = shown(qtbot, chart, size)
    plot = view.getPlotItem()
    assert plot.sceneBoundingRect().width() <= view.width() + 1     # nothing drawn past the view's edge
    spans = label_spans(view)
    assert spans and all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
    if chart.title not in plot.titleLabel.text:                    # elided to the room there is, whole on hover
        assert "…" in plot.titleLabel.text and view.toolTip() == chart.title
    if not plot.legend.isVisible():
        # the names under the title instead, each whole or elided to the room there is
        assert all(s.name in plot.titleLabel.text or re.search(re.escape(s.name[:4]) + r"[^<]*…", plot.titleLabel.text)
                   for s in chart.series), plot.titleLabel.text
        return
    legend = plot.legend.sceneBoundingRect()
    for si, offset, width in view._bars:
        for i, v in enumerate(chart.series[si].values):
            along = i + offset - width / 2
            bar = QRectF(0, along, v, width) if chart.horizontal else QRectF(along, 0, width, v)
            assert not scene_rect(view, bar).intersects(legend), (chart.series[si].name, chart.categories[i])
