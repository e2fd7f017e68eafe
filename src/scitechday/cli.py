"""Command line: scitechday validate | build | serve."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import cast

from scitechday.argparse_zh import Parser, chinese
from scitechday.data.problems import format_problems, os_reason


def _missing(config: str | None = None, data: str | None = None) -> int | None:
    """Exit code 2 with a Chinese message when the configuration or the data folder is not there."""
    if config is not None and not Path(config).is_file():
        print(f"找不到 MkDocs 配置文件“{config}”。请在仓库根目录运行，或用 --config 指定。", file=sys.stderr)
        return 2
    if data is not None and not Path(data).is_dir():
        print(f"数据目录“{data}”不存在。请在仓库根目录运行，或用 --data 指定数据目录。", file=sys.stderr)
        return 2
    return None


def _step_summary(problems, title: str) -> None:
    """On GitHub Actions, all problems as a Chinese table on the run's page (annotations stop at 10 a step)."""
    from scitechday.data.problems import format_problems as fmt

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        try:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(f"## {title}\n\n" + fmt(problems, "summary") + "\n")
        except OSError as err:
            print(f"无法写入 GITHUB_STEP_SUMMARY（{os_reason(err)}）。", file=sys.stderr)


def _validate(args) -> int:
    import time

    from scitechday.data.validate import validate

    start = time.perf_counter()
    report = validate(Path(args.data), use_cache=not args.no_cache)
    for note in report.notes:
        print(f"提示：{note}", file=sys.stderr)
    if args.timings:
        print(f"校验用时 {time.perf_counter() - start:.3f} s；{report.files} 个文件，"
              f"{report.cached} 个来自缓存。", file=sys.stderr)
    if report.problems:
        print(format_problems(report.problems, args.format))
    if args.format == "github" and report.problems:
        _step_summary(report.problems, "数据校验")
    errors = sum(p.level == "error" for p in report.problems)
    if args.format == "json":
        return 1 if errors else 0
    if errors:
        print(f"发现 {errors} 个错误（共检查 {report.files} 个文件）。请按上面的提示修改后再运行 scitechday validate。",
              file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _mkdocs_log(level: int) -> None:
    """Show MkDocs' own messages (warnings on build; the address and rebuilds on serve)."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    log.setLevel(level)


def _build(args) -> int:
    if (missing := _missing(config=args.config)) is not None:
        return missing
    import logging

    from mkdocs.exceptions import Abort

    _mkdocs_log(logging.WARNING)
    from scitechday.publish.site import ENV_TIMINGS, build

    if args.timings:
        os.environ[ENV_TIMINGS] = "1"
    try:
        out = build(args.config, Path(args.data), Path(args.out) if args.out else None,
                    directory_urls=not args.file_urls, clean=args.clean, isolate=True, warn_local=True)
    except Abort as err:  # invalid data (the validator's messages), or MkDocs' own refusal
        print(err, file=sys.stderr)
        return 1
    print(f"网站已生成：{out}")
    return 0


def _fmt(args) -> int:
    if (missing := _missing(data=args.data)) is not None:
        return missing
    from scitechday.data.problems import Problem
    from scitechday.editing.fmt import diff, first_changed_line, run, why

    outcomes = run(Path(args.data), check=args.check)
    errors = [o for o in outcomes if o.status == "error"]
    changed = [o for o in outcomes if o.status == "changed"]
    for o in errors:
        print(f"{o.shown}: {o.message}", file=sys.stderr)
    if args.check:
        found = []
        for o in changed:
            old = o.path.read_bytes().decode("utf-8")  # a BOM kept, as \ufeff: why() names it
            new = cast(str, o.new_text)  # a "changed" outcome always carries the formatted text
            found.append(Problem(o.shown, first_changed_line(old, new), "fmt", "",
                                 f"格式不规范：{why(old, new)}"))
            if args.format == "github":
                print(found[-1].github())
            print(f"{o.shown}: 格式不规范，请运行 scitechday fmt 自动整理（内容不会改变）。{why(old, new)}")
            print(diff(o, old))
        if found and args.format == "github":
            _step_summary(found, "格式检查")
        if not changed and not errors:
            print(f"格式检查通过（{len(outcomes)} 个文件）。")
        return 1 if changed or errors else 0
    for o in changed:
        print(f"已整理：{o.shown}")
    print(f"整理了 {len(changed)} 个文件，{len(outcomes) - len(changed) - len(errors)} 个已经规范。")
    return 1 if errors else 0


def _create(path: Path, text: str, data_dir: Path, exists_hint: str = "") -> bool:
    """Write a new record file (never over one, never through a link); say in Chinese why not."""
    from scitechday.data.files import UnsafePath
    from scitechday.editing.scaffold import write_new

    try:
        write_new(path, text, data_dir)
        return True
    except FileExistsError:
        print(f"{path} 已经存在，没有覆盖。{exists_hint}", file=sys.stderr)
    except UnsafePath as err:
        print(f"{path}: {err}", file=sys.stderr)
    except OSError as err:
        print(f"{path}: 无法写入（{err.strerror or err}）。", file=sys.stderr)
    return False


def _import(args) -> int:
    from scitechday.editing.formats import MAX_PASTED
    from scitechday.editing.readers import ReadError, read_stdin, read_text
    from scitechday.editing.scaffold import draft_notice, valid_id

    source = Path(args.file)
    pasted = args.file == "-"
    try:
        text = read_stdin(sys.stdin.buffer.read(MAX_PASTED + 1)) if pasted else read_text(source)
    except ReadError as err:
        print(f"{'标准输入' if pasted else source}: {err}", file=sys.stderr)
        return 1
    if args.id and not valid_id(args.id):
        print(f"编号“{args.id[:80]}”不合格式：只能用小写英文字母、数字和连字符，最长 80 个字符。", file=sys.stderr)
        return 2
    path, text_out, todos, _ = draft_notice(text, "" if pasted else source.name, Path(args.data), args.id)
    if args.stdout:
        print(text_out, end="")
        return 0
    if not _create(path, text_out, Path(args.data), "请用 --id 指定另一个编号。"):
        return 1
    print(f"已生成草稿：{path}")
    for todo in todos:
        print(f"  待办：{todo}")
    print("核对后运行 scitechday validate 检查。")
    return 0


def _new(args) -> int:
    from scitechday.data import registry
    from scitechday.editing.scaffold import free_id, record_path, template, valid_id

    data_dir = Path(args.data)
    year_prefix = f"{args.year or 'todo'}-" if registry.get(args.kind).layout == "year" else ""
    wanted = args.id or f"{year_prefix}new-{args.kind}"
    if not valid_id(wanted):
        print(f"编号“{wanted[:80]}”不合格式：只能用小写英文字母、数字和连字符（中文名称请用拼音），最长 80 个字符。", file=sys.stderr)
        return 2
    rid = free_id(data_dir, args.kind, wanted)
    path = record_path(data_dir, args.kind, rid, args.year)
    if not _create(path, template(args.kind, rid, args.year), data_dir):
        return 1
    print(f"已创建：{path}（编号 {rid}）。请按注释填写后运行 scitechday validate。")
    return 0


def _check_links(args) -> int:
    from scitechday.publish.linkcheck import broken_links

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"{site} 不是生成好的网站目录（没有 index.html）。请先运行 scitechday build。", file=sys.stderr)
        return 2
    broken = broken_links(site)
    for line in broken:
        print(f"链接失效：{line}")
    if broken:
        return 1
    print(f"链接检查通过（{sum(1 for _ in site.rglob('*.html'))} 个页面）。")
    return 0


def _export(args) -> int:
    from scitechday.archive import context
    from scitechday.publish.export import write_package

    try:
        ctx = context.compute(Path(args.data))
    except context.DataError as err:
        print(format_problems(err.problems, "text"))
        print("数据校验未通过，没有导出。", file=sys.stderr)
        return 1
    written = write_package(ctx.records, ctx.rows, Path(args.out))
    print(f"已导出数据包：{Path(args.out) / 'datapackage.json'}（{len(written)} 个文件）")
    return 0


def _serve(args) -> int:
    if (missing := _missing(config=args.config)) is not None:
        return missing
    import logging

    from scitechday.publish.serving import serve

    _mkdocs_log(logging.INFO)
    return serve(args.config, Path(args.data), args.dev_addr, None if args.no_editor else args.editor_port)


def _tidy(args) -> int:
    from scitechday.editing.tidy import TidyError, record_type, tidy_file

    data = Path(args.data)
    status = 0
    for name in args.files:
        path = Path(name)
        if record_type(path, data) is None:
            continue  # not a record file: the workflow passes every changed file
        try:
            if tidy_file(path, data):
                print(f"已整理：{name}")
        except TidyError as err:
            print(str(err), file=sys.stderr)
            status = 1
    return status


def build_parser() -> argparse.ArgumentParser:
    with chinese():  # argparse names its groups and the -h option when the parser is built
        return _parser()


def _parser() -> argparse.ArgumentParser:
    from scitechday.data import registry

    parser = Parser(prog="scitechday", description="全国科技工作者日活动档案：数据校验与网站生成")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=Parser)
    v = sub.add_parser("validate", help="校验 data/ 中的全部记录")
    v.add_argument("--data", default="data", help="数据目录（默认 data）")
    v.add_argument("--format", choices=["text", "github", "json", "summary"], default="text",
                   help="输出格式：text 文字，github 注释（并在 GITHUB_STEP_SUMMARY 中写出问题表），json，summary 问题表（Markdown）")
    v.add_argument("--no-cache", action="store_true", help="不使用校验缓存")
    v.add_argument("--timings", action="store_true", help="打印校验用时和缓存命中数")
    v.set_defaults(func=_validate)
    b = sub.add_parser("build", help="校验数据并生成网站")
    b.add_argument("--data", default="data", help="数据目录（默认 data）")
    b.add_argument("--out", help="输出目录（默认 mkdocs.yml 中的 site_dir，即 site/）")
    b.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件")
    b.add_argument("--clean", action="store_true",
                   help="从头生成整个网站（默认：输出目录里是上次生成的网站且只有数据改动时，只重写改动的页面和文件）")
    b.add_argument("--file-urls", action="store_true",
                   help="页面写成 x.html 而不是 x/index.html，生成的网站可以直接用浏览器从磁盘打开（预览用）")
    b.add_argument("--timings", action="store_true", help="打印各步骤（校验、模型、页面、MkDocs、搜索索引）的用时")
    b.set_defaults(func=_build)
    i = sub.add_parser("import", help="从通知原文（.txt/.docx/.pdf/.html，或粘贴的文字）生成活动通知草稿")
    i.add_argument("file", help="通知原文文件；写 - 则从标准输入读取粘贴的文字")
    i.add_argument("--id", help="记录编号（默认：年份-发文机关编号）")
    i.add_argument("--data", default="data", help="数据目录（默认 data）")
    i.add_argument("--stdout", action="store_true", help="只打印草稿，不写文件")
    i.set_defaults(func=_import)
    n = sub.add_parser("new", help="新建一条记录（带注释的模板）")
    n.add_argument("kind", choices=[rt.name for rt in registry.record_types() if rt.one_file_per_record],
                   help="记录类型：" + "，".join(f"{rt.name}（{rt.label}）" for rt in registry.record_types()
                                              if rt.one_file_per_record))
    n.add_argument("--id", help="编号（小写拼音、数字、连字符）；已被占用时自动加序号")
    n.add_argument("--year", type=int, help="活动通知的年份（决定放在哪个年份目录）")
    n.add_argument("--data", default="data", help="数据目录（默认 data）")
    n.set_defaults(func=_new)
    f = sub.add_parser("fmt", help="把数据文件整理为统一格式（保留注释，不改变内容）")
    f.add_argument("--data", default="data", help="数据目录（默认 data）")
    f.add_argument("--check", action="store_true", help="只检查，不修改；有需要整理的文件时显示差异，退出码为 1")
    f.add_argument("--format", choices=["text", "github"], default="text",
                   help="github：另外在第一处不同的行上加注释，并写出问题表")
    f.set_defaults(func=_fmt)
    e = sub.add_parser("export", help="导出 Frictionless 数据包（CSV + datapackage.json + JSON）")
    e.add_argument("--data", default="data", help="数据目录（默认 data）")
    e.add_argument("--out", required=True, help="输出目录")
    e.set_defaults(func=_export)
    c = sub.add_parser("check-links", help="检查生成的网站中是否有失效的站内链接")
    c.add_argument("site", nargs="?", default="site", help="网站目录（默认 site）")
    c.set_defaults(func=_check_links)
    s = sub.add_parser("serve", help="生成网站并在本机预览，数据修改后自动刷新")
    s.add_argument("--data", default="data", help="数据目录（默认 data）")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="地址和端口")
    s.add_argument("--config", default="mkdocs.yml", help="MkDocs 配置文件")
    s.add_argument("--editor-port", type=int, default=8081, help="网页编辑器本地服务的端口（默认 8081）")
    s.add_argument("--no-editor", action="store_true", help="不启动网页编辑器的本地服务")
    s.set_defaults(func=_serve)
    t = sub.add_parser("tidy", help="把网页编辑器保存的文件整理为标准格式（去掉空字段）")
    t.add_argument("files", nargs="+", help="要整理的文件（不在数据目录里的文件会被跳过）")
    t.add_argument("--data", default="data", help="数据目录（默认 data）")
    t.set_defaults(func=_tidy)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug of ours, never the editor's fault: say so in one line
        if os.environ.get("SCITECHDAY_DEBUG"):
            raise
        print(f"内部错误（{type(err).__name__}: {err}）。这是程序的问题，不是数据的问题；"
              "请设置 SCITECHDAY_DEBUG=1 重新运行并报告。", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
