"""Rules files (resources/*.yaml, or a user's copy) read as data, with a Chinese message naming the file."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def read_yaml(path: Path, what: str, error: type[Exception], *, loader: type = yaml.SafeLoader,
              what_en: str | None = None) -> Any:
    """The YAML document at `path`; `error` (a GridsafeError) when it cannot be read or parsed, saying
    which `what` (e.g. 燃气管线规则文件; `what_en` its English, e.g. "gas pipeline rules file") and file.
    `loader`: a SafeLoader subclass (e.g. one that keeps dates as text, so the caller can name the key of an
    impossible date)."""
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=loader)
    except OSError as e:
        raise error(f"无法读取{what} {path}：{e.strerror or e}",
                    **({"en": f"Cannot read {what_en} {path}: {e.strerror or e}"} if what_en else {})) from e
    except yaml.YAMLError as e:
        raise error(f"{what} {path} 格式错误（不是有效的 YAML）：{e}",
                    **({"en": f"{what_en[:1].upper()}{what_en[1:]} {path} is not well formed (not valid YAML): {e}"}
                       if what_en else {})) from e
