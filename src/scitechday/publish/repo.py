"""Links into the repository: edit a record's file, report an error as a prefilled issue.

The repository address comes from mkdocs.yml's `repo_url` (which reads the environment
variable SCITECHDAY_REPO_URL, default below) and the branch from `edit_uri`
(`edit/<branch>/docs/`). Records live outside docs/, so their links are built here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

ENV = "SCITECHDAY_REPO_URL"
DEFAULT_URL = "https://github.com/scitechday/scitechday"


@dataclass(frozen=True)
class Repo:
    url: str
    branch: str = "main"

    @classmethod
    def from_config(cls, repo_url: str | None, edit_uri: str | None = None) -> "Repo | None":
        if not repo_url or not repo_url.startswith(("https://", "http://")):
            return None
        parts = [p for p in (edit_uri or "").split("/") if p]
        branch = parts[1] if len(parts) >= 2 and parts[0] in ("edit", "blob", "tree") else "main"
        return cls(repo_url.rstrip("/"), branch)

    def edit(self, path: str) -> str:
        return f"{self.url}/edit/{quote(self.branch)}/{quote(path)}"

    def tree(self, path: str) -> str:
        return f"{self.url}/tree/{quote(self.branch)}/{quote(path)}"

    def issue(self, title: str, body: str) -> str:
        return f"{self.url}/issues/new?" + urlencode({"title": title, "body": body})


def record_file(obj) -> str | None:
    """The file in the repository a record page is made from (as the record type declares its layout)."""
    from scitechday.data import registry

    rtype = getattr(obj, "record_type", None)
    if rtype is None:
        return None
    rt = registry.get(rtype)
    year = getattr(obj, rt.year_field, None) if rt.year_field else None
    return rt.path_of(Path("data"), obj.id, year).as_posix()


def links(repo: "Repo | None", path: str, title: str, page_url: str) -> dict | None:
    """What a page's 编辑此页 / 纠错 row needs."""
    if repo is None:
        return None
    body = (f"页面：{page_url}\n记录文件：{path}\n\n"
            "哪里有误：\n\n应当是：\n\n依据（原文网址或文件）：\n")
    folder = not path.endswith((".yml", ".md", ".txt"))  # a page of many records: their folder
    edit = repo.tree(path) if folder else repo.edit(path)
    return dict(edit=edit, issue=repo.issue(f"纠错：{title}", body), file=path, folder=folder)


def fill(markdown: str, repo: "Repo | None") -> str:
    """Hand-written pages name the repository as {{ repo_url }} and {{ repo_dir }} (the folder git clone makes)."""
    if repo is None:
        return markdown
    return (markdown.replace("{{ repo_url }}", repo.url)
            .replace("{{ repo_dir }}", repo.url.rstrip("/").rsplit("/", 1)[-1]))
