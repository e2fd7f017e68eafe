"""Shared text helpers: cleaning what readers hand over, re-breaking a flattened repost, small regexes."""

from __future__ import annotations

import re

from scitechday.domain import docnum
from scitechday.domain.dates import DATE_RE
from scitechday.domain.phones import normalize as normalize_phone  # noqa: F401 — the importer's name for it
from scitechday.editing.importer import pages

CN = "一二三四五六七八九十"
TOP_HEADING = re.compile(rf"^[{CN}]{{1,3}}\s*[、.．]\s*(?P<text>.+)$")
SUB_HEADING = re.compile(rf"^[（(][{CN}]{{1,3}}[）)]\s*(?P<text>.+)$")
NUMBERED = re.compile(r"^(?P<n>\d{1,2})\s*[.、．](?!\d)\s*(?P<text>.+)$")
_EXT = r"(?:\s*(?:[-—－–]\s*|转\s*|[-—－–]?\s*分机\s*|转分机\s*)\d{1,6}(?!\d))"
# a landline (with its extension: -123, 转123, 分机123), a 400/800 service number, a mobile, a local number
PHONE_RE = re.compile(rf"(?<!\d)[48]00\s*[-—－–]?\s*\d{{3}}\s*[-—－–]?\s*\d{{4}}(?!\d)"
                      rf"|[(（]?0\d{{2,3}}[)）]?\s*[-—－–]*\s*\d{{7,8}}{_EXT}?"
                      r"|(?<!\d)1[3-9]\d{9}(?!\d)|(?<![\d-])\d{7,8}(?!\d)")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# an address ends at the first character no URL holds unescaped: …/baoming报名 was read as one address
URL_RE = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+(?<![.,;:!?'])")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+(?=\d)|(?<=\d)\s+(?=[^\x00-\x7f])")
WEB_CHROME = re.compile(r"^(?:发布时间|发布日期|发稿时间|来源|信息来源|文章来源|作者|编辑|责任编辑|浏览|浏览次数|点击|点击数|阅读|"
                        r"字号|【\s*字体|打印|关闭|分享到?|当前位置|您的位置|上一篇|下一篇|附件下载|发表于|楼主|原创|"
                        r"只看该作者|阅读原文|点击量)"
                        r"[\s:：>＞»【]|^【?\s*(?:打印本页|关闭窗口|返回顶部)|^首页\s*[>＞»]")


# What a WeChat article (公众号) adds to the notice it carries: the follow prompt above the title, the account's byline
# (测试市科协 测试市科协 2032年05月12日 18:30 测试省), and the end mark, reading prompt and buttons below the text
WECHAT = re.compile(r"^(?:点击|戳|轻触)?(?:上方|下方|顶部|标题下)?\s*[“\"]?蓝字[”\"]?\s*(?:关注|可?关注我们|一键关注)"
                    r"|^(?:长按|扫描?)(?:识别)?(?:下方|上方)?二维码\s*(?:关注|，?关注我们)"
                    r"|^(?:分享|收藏|点赞|在看|赞|推荐|转发|留言)(?:\s+(?:分享|收藏|点赞|在看|赞|推荐|转发|留言))+$"
                    r"|^[—\-–_~\s]*END[—\-–_~\s]*$|^点击\s*[“\"]?阅读原文[”\"]?|^阅读原文$")
WECHAT_BYLINE = re.compile(r"^(?:原创\s+)?(?:\S{2,20}\s+){1,2}(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s+\d{1,2}:\d{2}"
                           r"(?:\s+\S{2,8})?$")
# the article's credits at its end (来源：… 编辑：… 审核：…): dropped while they are the last lines
CREDITS = re.compile(r"^(?:来源|文章来源|编辑|责任编辑|审核|审校|校对|排版|美编|图片|图文|文字|作者|供稿|初审|复审|终审|监制)"
                     r"\s*[:：]\s*\S")  # with a value: a form's blank 审核： stays
# emoji and pictographs set before a heading or a paragraph (🔹一、活动时间, 📢 2032年…), or lines of them (👇👇👇);
# not ○, the zero of 二○一九
_LEADING_EMOJI = re.compile("^(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2580-\u25CA\u25CC-\u25FF"
                            "\uFE0F\u200D\u20E3]\\s*)+")


def simplified(text: str) -> tuple[str, bool]:
    """A notice reposted in traditional characters → simplified (OpenCC t2s), and whether it was converted.

    Only a text that is mostly traditional is converted, so a simplified notice with one 號 keeps its text."""
    import opencc  # imported here: the importer alone needs it

    converted = opencc.OpenCC("t2s").convert(text)
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    if changed >= 5 and changed >= 0.03 * han:
        return converted, True
    return text, False


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def tidy(s: str) -> str:
    """Drop the spaces PDF extraction and alignment put between Chinese characters; keep one between words."""
    return re.sub(r"\s{2,}", " ", _CJK_GAP.sub("", (s or "").strip()))


def unquote(s: str) -> str:
    s = s.strip()
    if len(s) > 2 and s[0] in "“\"「『" and s[-1] in "”\"」』" and s.count("“") <= 1:
        return s[1:-1].strip()
    return s


def date_only(line: str):
    """A line that is nothing but a full date (the 成文日期 under a signature)."""
    s = line.strip()
    return DATE_RE.fullmatch(s)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def clean(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """Text from a reader → lines: one line ending, no BOM, ideographic and no-break spaces as spaces, a printed
    page's furniture dropped and its broken lines rejoined (`pages`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\u200b", "")
    text = text.translate(_FULLWIDTH_DIGITS)  # 〔２０３０〕７号 as Word sometimes sets it
    lines = [_LEADING_EMOJI.sub("", line.replace("\u3000", " ").replace("\xa0", " "))
             for line in pages.lines(text)]  # tabs stay: table cells
    if _flattened(lines):
        lines = unflatten("\n".join(lines), names)
    return lines


def _flattened(lines: list[str]) -> bool:
    long = [s for s in lines if len(s) > 150]
    return bool(long) and sum(1 for s in lines if s.strip()) <= 12 and \
        any(re.search(rf"[{CN}]、|通知如下|联系人|附件", s) for s in long)


_PAGE_INFO = re.compile(r"(?:^|\s)(?:发布时间|发布日期|来源|信息来源|作者|浏览次数|点击数|阅读次数)[:：]\s*\S+"
                        r"(?:\s\d{1,2}:\d{2}(?::\d{2})?)?(?=\s)"
                        r"|(?:发布时间|发布日期|发稿时间)[:：]\s*[\d\-/.: ]{8,19}(?=\D)|(?:浏览次数|点击数|阅读次数)[:：]\s*\d+"
                        r"|(?:来源|信息来源|作者)[:：]\s*[^\s：:，。]{2,20}?(?=各|\s|$)")
_CN_DATE = "〇○零一二三四五六七八九"
_BREAK_BEFORE = [
    rf"(?<=[。；：:！？\s])(?=[{CN}]{{1,3}}、)",
    rf"(?<=[。；：:！？\s])(?=[（(][{CN}]{{1,3}}[）)])",
    r"(?<=[。；：:！？\s])(?=\d{1,2}[.．、](?!\d))",
    r"(?<=[。；\s])(?=(?:联\s*系\s*人|联系电话|电\s*话|手\s*机|传\s*真|电子邮箱|电子信箱|邮\s*箱|附\s*件)\s*\d?\s*[:：])",
    r"(?<=[。；\s])(?=附\s*件\s*\d?\s*[:：]?\s*$)",
    r"(?<=\s)(?=抄送[:：])",
    # with no space left at all: a heading that names its section, a contact label, the signature before the date
    rf"(?=[{CN}]{{1,3}}、(?:活动|工作|有关|主要|重点|组织|总体|基本|报送|联系|参加|参与|具体|时间|主题|内容|要求|安排|其他))",
    rf"(?<=[日旬底”）])(?=[{CN}]{{1,3}}、)",
    rf"(?<=内容|安排|活动|要求|任务|措施|事项)(?=[（(][{CN}]{{1,3}}[）)])",  # 三、活动内容（一）开展…
    r"(?<=[^\s及：:])(?=(?:联系电话|电子邮箱|电子信箱|传\s*真|手\s*机)[:：])",
    r"(?<=[^\s见：:])(?=附\s*件\s*\d?\s*[:：])",
    r"(?<=[\u4e00-\u9fff])(?=\d{1,2}[.．、][\u4e00-\u9fff])",
    rf"(?<=[A-Za-z0-9）)])(?=[\u4e00-\u9fff]{{4,30}}?(?:科学技术协会|科协|学会|协会|委员会|局|厅)\s*{DATE_RE.pattern}\s*$)",
]


def unflatten(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """A web repost whose line breaks were lost: break before headings, labels, the doc number,
    the addressees, the signature and the date, where the repost left a space or a full stop."""
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if len(s) <= 150:
            out.append(s)
            continue
        for start, end, _ in reversed(list(docnum.find_printed(s))):
            before, after = s[:start], s[end:]
            spaced = (not before or before[-1] in " 　") and (not after or after[0] in " 　")
            joined = start < 200 and re.search(r"(?:通知|方案|公示|通报|文件)$", before) and after.startswith("各")
            if spaced or joined:  # a 发文字号 line of its own, or run into the title and the 主送 without a space
                s = before + "\n" + s[start:end] + "\n" + after
        s = _PAGE_INFO.sub(" ", s)
        s = re.sub(r"(?:^|(?<=\s))(各[^。；：:\s]{1,60}?[：:])", r"\n\1\n", s, count=1)
        s = re.sub(r"(?<=[通知方案公示通报])\s+(?=[^\s])", "\n", s, count=1)
        for pattern in _BREAK_BEFORE:
            s = re.sub(pattern, "\n", s)
        s = re.sub(rf"(?m)^([{CN}]{{1,3}}、[^\s。，：:]{{2,10}})[ \t]+", "\\1\n", s)  # “二、活动时间 2027年…”
        s = re.sub(rf"(?m)^([{CN}]{{1,3}}、(?:活动主题|节日主题|活动时间|主题|时间))(?=[“\"\d{_CN_DATE}])", "\\1\n", s)
        s = re.sub(rf"(?<=[^\s\n]{{2}})(?={DATE_RE.pattern}\s*$)", "\n", s)  # the date run into the signature
        last = s.rsplit("\n", 2)
        if len(last) == 3:  # …登记表测试县科学技术协会 / 2031年11月18日: a known name before the date
            hit = max((n for n in names if last[1].endswith(n) and len(last[1]) > len(n)), key=len, default=None)
            if hit:
                s = f"{last[0]}\n{last[1][:-len(hit)]}\n{hit}\n{last[2]}"
        # the signature and date at the end: “… 测试市科学技术协会 2030年4月28日”
        s = re.sub(rf"[ \t]+(?=(?:[^\s：:，。；]{{2,30}}[ \t]+){{0,3}}{DATE_RE.pattern}\s*$)", "\n", s, count=1)
        s = re.sub(rf"[ \t]+(?={DATE_RE.pattern}\s*$)", "\n", s)
        out += [part.strip() for part in s.split("\n")]
    return out
