"""底图 menu: offline (MBTiles, z/x/y folders) and online (天地图, XYZ, OpenStreetMap) basemaps under the
project layers. The chosen basemaps are remembered (QSettings "basemaps") and come back with every project;
an .mbtiles file dropped on the map becomes a basemap."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from desktop.qsettings import settings


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)   # the strings kept their translations when moved here


def saved_configs() -> list[dict]:
    raw = settings().value("basemaps", "[]")
    try:
        configs = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        configs = []
    return [c for c in configs if isinstance(c, dict) and "type" in c]


def _save(configs: list[dict]) -> None:
    settings().setValue("basemaps", json.dumps(configs, ensure_ascii=False))


class Basemaps(QObject):
    offline = Signal(str, str)     # basemap title, why: tiles could not be downloaded (from the loading threads)

    def __init__(self, shell) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.told: set[str] = set()      # basemaps whose "no network" message was shown this session
        self.offline.connect(self._offline, Qt.ConnectionType.QueuedConnection)
        menu = shell.feature_menu(tr("底图(&B)"))
        menu.addAction(tr("添加 MBTiles 离线底图(&M)…"), self.add_mbtiles)
        menu.addAction(tr("添加瓦片文件夹 z/x/y(&F)…"), self.add_tile_folder)
        menu.addAction(tr("添加天地图(&T)…"), self.add_tianditu)
        menu.addAction(tr("添加在线瓦片地址 XYZ(&X)…"), self.add_xyz)
        menu.addAction(tr("添加 OpenStreetMap(&O)"), lambda: self.add({"type": "osm"}))
        menu.addSeparator()
        menu.addAction(tr("移除所选底图(&R)"), self.remove_selected)
        shell.events.opened.connect(self._opened)
        shell.canvas.filesDropped.connect(self._dropped)

    def _opened(self, _project) -> None:
        for config in saved_configs():
            self._attach(config)

    def _attach(self, config: dict) -> bool:
        from desktop.map.tiles import TileLayer, config_title, source_from_config
        from gis.userdata import data_dir

        try:
            source = source_from_config(config, data_dir() / "tiles")
        except (OSError, sqlite3.Error, KeyError) as e:
            QMessageBox.warning(self.shell.parent, tr("无法加载底图"), tr("底图“{title}”无法打开：{error}").format(
                title=config_title(config), error=e))
            return False
        layer = TileLayer(source, f"basemap:{json.dumps(config, sort_keys=True)}", config_title(config))
        layer.on_offline = lambda why, title=layer.title: self.offline.emit(title, why)
        self.shell.stack.add_basemap(layer)
        return True

    def _offline(self, title: str, why: str) -> None:
        """An online basemap without a network: say so in the status bar, and once per basemap and session how
        to pick an offline basemap instead (the map is not left blank without a word)."""
        text = tr("底图“{title}”无法加载（无网络连接）。没有网络时请改用离线底图：底图 → 添加 MBTiles 离线底图，"
                  "或 添加瓦片文件夹 z/x/y。").format(title=title)
        self.shell.status(text, 15_000)
        if title in self.told:
            return
        self.told.add(title)
        box = QMessageBox(QMessageBox.Icon.Information, tr("底图无法加载"), text, QMessageBox.StandardButton.Ok,
                          self.shell.parent)
        box.setInformativeText(tr("已下载过的地图范围仍会显示。（{why}）").format(why=why))
        box.setModal(False)                  # the map stays usable behind it
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = box
        box.show()

    def add(self, config: dict) -> None:
        if self.shell.stack is None or not self._attach(config):
            return
        _save([c for c in saved_configs() if c != config] + [config])

    def remove(self, layer_id: str) -> None:
        config = json.loads(layer_id.split(":", 1)[1])
        self.shell.stack.remove(layer_id)
        _save([c for c in saved_configs() if c != config])

    def remove_selected(self) -> None:
        layer = self.shell.current_layer()
        if self.shell.stack is None or layer is None or not layer.id.startswith("basemap:"):
            QMessageBox.information(self.shell.parent, tr("移除底图"), tr("请先在图层面板中选中要移除的底图。"))
            return
        self.remove(layer.id)

    def _dropped(self, paths: list[str]) -> None:
        for path in paths:
            if Path(path).suffix.lower() == ".mbtiles":
                self.add({"type": "mbtiles", "path": path})

    def add_mbtiles(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.shell.parent, tr("添加 MBTiles 离线底图"), str(Path.home()),
                                              tr("MBTiles 瓦片 (*.mbtiles);;所有文件 (*)"))
        if path:
            self.add({"type": "mbtiles", "path": path})

    def add_tile_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self.shell.parent, tr("选择瓦片文件夹（内含 z/x/y 图片）"),
                                                str(Path.home()))
        if path:
            self.add({"type": "folder", "path": path})

    def add_tianditu(self) -> None:
        key, ok = QInputDialog.getText(self.shell.parent, tr("添加天地图"), tr("天地图密钥（tk，在天地图官网申请）："))
        if ok and key.strip():
            self.add({"type": "tianditu", "key": key.strip(), "layer": "vec"})

    def add_xyz(self) -> None:
        url, ok = QInputDialog.getText(
            self.shell.parent, tr("添加在线底图"), tr("瓦片地址，用 {z} {x} {y} 表示级别与行列，例如：\n"
                                                   "https://example.com/tiles/{z}/{x}/{y}.png\n（GCJ-02 坐标的底图请在地址前加“gcj:”）"))
        url = url.strip()
        if ok and url:
            gcj = url.lower().startswith("gcj:")
            url = url[4:] if gcj else url
            if not all(k in url for k in ("{z}", "{x}", "{y}")):
                QMessageBox.warning(self.shell.parent, tr("地址不完整"), tr("瓦片地址必须包含 {z}、{x} 和 {y}。"))
                return
            self.add({"type": "xyz", "url": url, "gcj02": gcj})


def install(shell) -> Basemaps:
    return Basemaps(shell)
