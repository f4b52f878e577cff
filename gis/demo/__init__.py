"""The demo township (示例数据): a deterministic generator and its loader.

`generate.generate()` builds every table of a plausible but entirely fictitious 街道 in 平顶山市湛河区
(or, at county scale, a whole county for benchmarks); `load.load_demo()` writes the committed copy
(data/shapes/demo.gpkg) into a project in one transaction. Every name, phone number and record is
made up and marked 示例数据.
"""
