"""Province-level divisions of GB/T 2260 (the first two digits of a region code)."""

import re

PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}

CODE_OF = {name: code for code, name in PROVINCES.items()}  # a province's name → its two-digit code
# and as it is also written, without 省/市/自治区…: 江苏, 内蒙古, 广西
_SHORT = {re.sub(r"(?:壮族|回族|维吾尔)?自治区$|特别行政区$|[省市]$", "", name): code
          for name, code in CODE_OF.items()}


def code_of(name: str) -> str | None:
    """The two-digit code of a province written by name, whole or short (江苏省, 江苏, 内蒙古), or None."""
    name = name.strip()
    return CODE_OF.get(name) or (_SHORT.get(name) if len(name) >= 2 else None)


def province(code: str | None) -> str | None:
    return PROVINCES.get((code or "")[:2])
