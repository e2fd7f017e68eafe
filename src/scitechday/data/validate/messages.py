"""Chinese messages for what Frictionless reports about a cell: what is wrong, what to write."""

from __future__ import annotations

import re
import unicodedata

from scitechday.data.problems import clip, quote_advice, unquoted
from scitechday.data.schema import Table, choices, labels, main_table
from scitechday.data.template import PLACEHOLDER
from scitechday.domain import docnum, phones, regions
from scitechday.domain.dates import cn_number

TYPE_DESC = {
    "date": "日期，格式为 YYYY-MM-DD（如 2019-05-15）",
    "integer": "整数",
    "number": "数字",
    "string": "文字",
    "array": "文字列表",
    "boolean": "true 或 false",
}
ID_PATTERN = main_table("organization").field("id")["constraints"]["pattern"]  # every record's id: the schemas' id fields
_SEPARATOR = re.compile(r"[^a-z0-9]+")


def _shown_char(ch: str) -> str:
    return "空格" if ch.isspace() else "大写字母" if ch.isupper() else f"“{ch}”"


def id_fix(text, pattern: str = ID_PATTERN) -> tuple[str, str] | None:
    """An id typed with punctuation, spaces or capitals (changzhou—kexie, Changzhou Kexie, changzhou_kexie):
    (what is wrong in it, in Chinese; the id to write), or None when it is fine or no id can be read from it
    (Chinese characters: a name, not an id)."""
    if not isinstance(text, str) or re.fullmatch(pattern, text):
        return None
    narrow = unicodedata.normalize("NFKC", text).strip()
    if any(not (ch.isascii() and ch.isalnum()) and unicodedata.category(ch)[0] not in "PZS" for ch in narrow):
        return None  # 常州市科协: letters that are no pinyin
    fixed = _SEPARATOR.sub("-", narrow.lower()).strip("-")
    if not fixed or not re.fullmatch(pattern, fixed) or fixed == text:
        return None
    bad = dict.fromkeys(_shown_char(ch) for ch in text if not re.fullmatch(r"[a-z0-9-]", ch))
    return "、".join(bad) or "多余的连字符", fixed


def typo_distance(a: str, b: str) -> int:
    """Edits (a letter added, dropped, changed, or two swapped) between two ids, after their separators
    and capitals are made alike: yinchuan_Kexie → yinchuan-kexie is 0, taizhou-kexie → changzhou-kexie 4."""
    a, b = (_SEPARATOR.sub("-", unicodedata.normalize("NFKC", x).lower()) for x in (a, b))
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def typos_of(typed: str, ids, pattern: str = ID_PATTERN) -> list[str]:
    """The ids typed could be a typo of (a letter or two, a separator, capitals): never one that is no valid id,
    never merely a similar one (taizhou-kexie is a new organization, not changzhou-kexie)."""
    narrow = _SEPARATOR.sub("-", unicodedata.normalize("NFKC", typed).lower())
    limit = 1 if len(narrow) < 8 else 2
    near = sorted((typo_distance(typed, i), i) for i in ids
                  if abs(len(i) - len(narrow)) <= limit and re.fullmatch(pattern, i))
    return [i for d, i in near if d <= limit and d == near[0][0]][:3]


FORMAT_DESC = {"email": "电子邮箱地址（如 name@example.com）", "uri": "完整网址（以 http:// 或 https:// 开头）"}


def number_meant(cell) -> tuple[bool, int] | None:
    """A whole number as an editor may write it: 2019年, 第14个, 二〇一九, 三, 第三届 → (in Chinese numerals?, the
    number); None for anything else."""
    if not isinstance(cell, str) or (unquoted(cell) or "x").isdigit():
        return None  # “2019”: only the quotes are wrong, and quote_advice says so
    text = unicodedata.normalize("NFKC", unquoted(cell) or cell).strip()
    m = re.fullmatch(r"第?\s*(.+?)\s*(?:年|届|个|次|周年)?", text)
    core = m.group(1) if m else ""
    if core.isascii() and core.isdigit():
        return False, int(core)
    n = cn_number(core) if not core.isascii() else None
    return (True, n) if n is not None else None


def _phones(text: str, pattern: str) -> list[str]:
    """Several telephone numbers typed in one field (0518-85803554、13912345678; … 或 …): each as the archive
    writes it, or [] when it is not several valid numbers."""
    parts = [x for x in re.split(r"\s*(?:[、，,；;／/]|或|及)\s*", text.strip()) if x]
    numbers = [phones.normalize(x) for x in parts]
    return numbers if len(numbers) > 1 and all(re.fullmatch(pattern, n) for n in numbers) else []


def _type_error(f: dict, title: str, shown: str, cell) -> tuple[str, str]:
    year = re.match(r"\s*(\d{4})\s*(?:年|[-./])\s*\d{1,2}", unicodedata.normalize("NFKC", cell)) \
        if f.get("name") == "year" and isinstance(cell, str) else None
    if year:  # 2030年5月: a year field holds the year alone
        return "type", f"{title}只写年，不写月、日：请写成 {year.group(1)}。"
    meant = number_meant(cell) if f.get("type") == "integer" else None
    if meant:  # 2019年, 三: the number to write (and no edition is looked up for such a year: across)
        chinese, n = meant
        if chinese:
            return "type", f"{title}用了汉字数字{shown}，要用阿拉伯数字：请写成 {n}。"
        return "type", f"{title}写数字：请写成 {n}。"
    if f.get("format") in FORMAT_DESC:
        return "format", f"{title}应为{FORMAT_DESC[f['format']]}，实际是{shown}。"
    want = TYPE_DESC.get(f.get("type", "string"), f.get("type"))
    return "type", f"{title}应为{want}，实际是{shown}。"  # dates are checked by dates.py, never here


def cell_message(t: Table, fieldname: str, etype: str, note: str, cell) -> tuple[str, str]:
    """(problem code, Chinese message) for one Frictionless error about one cell."""
    f = t.field(fieldname)
    title = f.get("title", fieldname)
    if cell == PLACEHOLDER and etype in ("type-error", "constraint-error"):  # a new record's template, not filled in yet
        hint = f.get("x-hint") or (f"可填：{choices(f)}。" if f.get("constraints", {}).get("enum") else "")
        return "todo", f"“{title}”还没有填写（模板里的 TODO）：请照原文填写。{hint}"
    web = web_fix(f, cell) if f.get("format") in FORMAT_DESC else None
    if web:  # yckxzxb@163。com passed as an email, and the page linked mailto:yckxzxb@163。com
        what, fixed = web
        code = "pattern" if 'constraint "pattern"' in (note or "") else "format"  # as the schema's check named it
        several = re.split(r"[；;，,、\s]+", cell.strip()) if cell.count("@") + cell.count("＠") > 1 else []
        if len(several) > 1 and t.name == "contacts":  # two addresses: the second as a contact of its own
            return code, (f"{title}只能写一个地址，这里有 {len(several)} 个。这一项写 `    email: {several[0]}`，"
                          "其余的每个写成 contacts 下新的一项：" + "、".join(f"`  - email: {x}`" for x in several[1:])
                          + "（同一个联系人，照原文）。")
        if len(several) > 1:
            return code, f"{title}只能写一个地址，这里有 {len(several)} 个：{clip(cell)}。请按原文选定一个。"
        if fixed is None and what == "空格":
            return code, (f"{title}中间有空格：{clip(cell)}。网址里不能有空格，请核对原文；空格后面若是说明文字，"
                          f"把它写进这一项的 title 或 note。{f.get('x-hint', '')}")
        return code, (f"{title}里有{what}，请写成 `{fixed}`（标点都用英文半角，不留空格）。" if fixed else
                      f"{title}里有{what}，要改成英文半角标点、去掉空格：{clip(cell)}。")
    meant = enum_meant(f, cell) if etype == "constraint-error" and 'constraint "enum"' in (note or "") else None
    if meant:  # 地市级, prefecture（地市级）: the value whose label was written, or the listed choice copied whole
        shown = clip(cell) if unquoted(cell) else f"“{clip(cell)}”"
        return "enum", (f"{title}写成了{shown}。文件里写英文取值：请写成 {meant}"
                        f"（选项 {meant}（{labels(f)[meant]}）里括号中的是它的意思，不写进文件）。")
    code, message = _cell_message(f, fieldname, title, etype, note, cell)
    return code, message + quote_advice(cell)


WEB_PUNCTUATION = "。，、；：／＠．"  # refused in emails and web addresses by the schemas' patterns
_SPACES = re.compile("[\\s\u3000\u00a0]")
_DOTS = re.compile("[。，、．]")


def web_fix(f: dict, cell) -> tuple[str, str | None] | None:
    """An email or web address typed with Chinese punctuation (yckxzxb@163。com, https：//…, www，scimall):
    (the characters, in Chinese; the address with ASCII punctuation, when that is a valid one), or None."""
    if not isinstance(cell, str):
        return None
    spaced = _SPACES.search(cell.strip(" ")) is not None  # test@ example.org, an address ending in a full-width space
    if not spaced and not any(ch in WEB_PUNCTUATION for ch in cell):
        return None
    marks = "、".join(dict.fromkeys(f"“{ch}”" for ch in cell if ch in WEB_PUNCTUATION))
    what = "和".join(filter(None, [f"中文标点{marks}" if marks else "", "空格" if spaced else ""]))
    text = cell.strip().rstrip("。，、；\u3000\u00a0")  # a sentence's full stop copied with the address
    if f.get("format") == "uri" and _SPACES.search(text):  # a web address and words after it: which is which?
        return "空格", None
    fixed = unicodedata.normalize("NFKC", _DOTS.sub(".", _SPACES.sub("", text)))
    pattern = f.get("constraints", {}).get("pattern")
    ok = fixed.isascii() and (not pattern or re.fullmatch(pattern, fixed))
    return what, fixed if ok and fixed.count("@") <= 1 else None


def enum_meant(f: dict, cell) -> str | None:
    """The English enum value an editor meant by its Chinese label (地市级), by the choice as listed
    (prefecture（地市级）), or in capitals; None when there is none."""
    names = labels(f)
    if not isinstance(cell, str) or not names:
        return None
    text = unicodedata.normalize("NFKC", unquoted(cell) or cell).strip()
    by_label = {label: value for value, label in names.items()}
    listed = re.fullmatch(r"(\w+)\s*\((.*)\)", text)  # NFKC made （） narrow
    for guess in (text, text.lower(), listed and listed.group(1).lower(), listed and listed.group(2).strip()):
        if guess in names:
            return guess
        if guess in by_label:
            return by_label[guess]
    return None


def _cell_message(f: dict, fieldname: str, title: str, etype: str, note: str, cell) -> tuple[str, str]:
    shown = (clip(cell) if unquoted(cell) else f"“{clip(cell)}”") if cell not in (None, "") else "空值"
    if etype == "type-error":
        return _type_error(f, title, shown, cell)
    m = re.search(r'constraint "(\w+)"', note or "")
    constraint = m.group(1) if m else ""
    cons = f.get("constraints", {})
    if constraint == "required":
        return "required", f"缺少必填项“{fieldname}”（{title}）。" + (
            f"请加一行 `{fieldname}: `，后面写以下之一：{choices(f)}。" if cons.get("enum") else "")
    if constraint == "enum":
        if unquoted(cell) in cons.get("enum", ()):
            return "enum", f"{title}写成了{shown}。"  # quote_advice says what to write
        bare = cell.strip(" \t\u3000\u00a0") if isinstance(cell, str) else None
        if bare != cell and bare in cons.get("enum", ()):  # 科技志愿者队伍 and a full-width space: shown, it looked right
            return "enum", f"{title}“{bare}”的前后多了空格（看不出来，但不算同一个值）：请删去它，写成 {bare}。"
        names = labels(f)
        english = f"文件里只写英文取值（如 {next(iter(names))}），括号里是它的意思。" if names else ""
        return "enum", f"{title}只能是以下之一：{choices(f)}；实际是{shown}。{english}"
    if constraint == "pattern":
        if "〔" in cons.get("pattern", "") and isinstance(cell, str) and docnum.normalize(cell) \
                and docnum.normalize(cell) != cell:
            return "doc-number", f"发文字号的年份应使用六角括号〔〕：请把{shown}改为“{docnum.normalize(cell)}”。"
        hint = f.get("x-hint") or "请对照记录模板和已有的记录填写。"  # never the regular expression
        narrow = unicodedata.normalize("NFKC", cell) if isinstance(cell, str) else None
        if narrow and narrow != cell and re.fullmatch(cons["pattern"], narrow):  # 0518－85803554: a full-width dash
            return "pattern", f"{title}里有全角字符：{shown}。请改用半角，写成 {narrow}。"
        fix = id_fix(cell, cons["pattern"]) if cons["pattern"] == ID_PATTERN else None
        if fix:  # changzhou—kexie: never an id to copy that fails the pattern
            return "pattern", f"{title}里有{fix[0]}。{hint}请写成 {fix[1]}。"
        several = _phones(narrow, cons["pattern"]) if narrow and fieldname in ("phone", "other_phones") else []
        if several and fieldname == "phone":  # 0518-85803554、13912345678: the first is the phone, the others other_phones
            rest = "、".join(f'`      - "{x}"`' for x in several[1:])
            return "pattern", (f"{title}一项只写一个号码，这里有 {len(several)} 个。这一行写成 `    phone: \"{several[0]}\"`，"
                               f"其余的写在同一联系人的 other_phones（其他电话）下，每个一行：`    other_phones:`、{rest}"
                               "（已有 other_phones 时只加后面几行）。")
        if several:
            return "pattern", f"{title}每行只写一个号码：" + "、".join(f'`      - "{x}"`' for x in several) + "。"
        province = regions.code_of(narrow) if narrow and fieldname == "region" else None
        code = province + "0000" if province else None
        if code:  # 江苏省: a province's name where its code goes
            return "pattern", f"{title}要写代码，不写名称：{shown}的代码是 {code}。请写成 {code}（市、县的代码见 GB/T 2260）。"
        if narrow and fieldname in phones.FIELDS:  # 0519 86619613, (0519)86619613: the number as the archive writes it
            fixed = phones.normalize(narrow)
            if fixed != cell and re.fullmatch(cons["pattern"], fixed):
                return "pattern", f"{title}格式不对：{shown}。{hint}请写成 {fixed}。"
        return "pattern", f"{title}格式不对：{shown}。{hint}"
    if constraint in ("minimum", "maximum"):
        word = "不能小于" if constraint == "minimum" else "不能大于"
        return "range", f"{title}{word} {cons[constraint]}，实际是{shown}。"
    if constraint in ("minLength", "maxLength"):
        word = "至少" if constraint == "minLength" else "至多"
        return "length", f"{title}{word} {cons[constraint]} 个字，实际是{shown}。"
    return etype, f"{title}不符合要求（{note}），实际是{shown}。"
