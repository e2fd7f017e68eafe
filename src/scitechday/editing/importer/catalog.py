"""The metadata block government sites print above a document (政府信息公开目录: 索引号, 发布机构,
成文日期, 文号, 名称 …), as `key：value` pairs or as table rows of key and value cells."""

from __future__ import annotations

import re

KEYS = {"索引号": None, "信息索引号": None, "主题分类": None, "分类": None, "体裁分类": None, "组配分类": None,
        "发布机构": "issuer", "发文机关": "issuer", "发文单位": "issuer", "成文日期": "issued", "发布日期": None,
        "生成日期": None, "文号": "doc_number", "发文字号": "doc_number", "标题": "title", "名称": "title",
        "主题词": None, "关键词": None, "有效性": None, "时效性": None, "公开方式": None, "公开范围": None,
        "公开时限": None, "信息来源": None}
_KEY = "|".join(sorted(KEYS, key=len, reverse=True))
_PAIR = re.compile(rf"(?P<k>{_KEY})\s*(?:[:：]|\t)\s*(?P<v>.*?)(?=\s*(?:{_KEY})\s*(?:[:：]|\t)|$)")


def read(lines: list[str], within: int = 30) -> tuple[dict, list[str]]:
    """(what the block says: title, doc_number, issued, issuer — as printed; the lines without the block)."""
    found: dict[str, str] = {}
    keep = []
    for i, line in enumerate(lines):
        pairs = list(_PAIR.finditer(line)) if i < within and re.match(rf"^\s*(?:{_KEY})\s*(?:[:：]|\t)", line) else []
        if not pairs or pairs[0].start() > 0:
            keep.append(line)
            continue
        for m in pairs:
            field = KEYS[m["k"]]
            value = m["v"].strip().strip("\t ")
            if field and value and field not in found:
                found[field] = value
    return (found, keep) if found or len(keep) < len(lines) else ({}, lines)
