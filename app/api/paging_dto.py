"""What every paged list shares: the page and per_page parameters, the models of a page, and
its links in the body and the Link header."""

from collections.abc import Mapping
from typing import Any

from flask_restx import Model, fields
from flask_restx.reqparse import RequestParser

from app.api.body import DocumentedArgument
from app.persistence.pagination import PAGE_SIZES, Page

PER_PAGE_INVALID = f"per_page must be one of {', '.join(map(str, PAGE_SIZES))}."


def positive_page(value: Any) -> int:
    """A page number: 1 or more."""
    if not str(value).isdigit() or int(value) < 1:
        raise ValueError("page must be a whole number of 1 or more, such as 2.")
    return int(value)


def page_size(value: Any) -> int:
    """One of the allowed page sizes."""
    if not str(value).isdigit() or int(value) not in PAGE_SIZES:
        raise ValueError(PER_PAGE_INVALID)
    return int(value)


positive_page.__schema__ = {"type": "integer", "minimum": 1}  # type: ignore[attr-defined]
page_size.__schema__ = {"type": "integer", "enum": list(PAGE_SIZES)}  # type: ignore[attr-defined]

pagination_reqparser = RequestParser(argument_class=DocumentedArgument, bundle_errors=True)
pagination_reqparser.add_argument(
    "page",
    type=positive_page,
    location="args",
    default=1,
    description="Which page, from 1",
    example=1,
)
pagination_reqparser.add_argument(
    "per_page",
    type=page_size,
    location="args",
    default=10,
    description="How many items a page holds",
    example=10,
)
LINK_EXAMPLES = {"self": 2, "first": 1, "prev": 1, "next": 3, "last": 5}
page_links_model = Model(
    "PageLinks",
    {
        rel: fields.String(
            description=f"The {rel} page (no prev on the first, no next on the last)",
            example=f"/api/v1/widgets?page={number}&per_page=10",
        )
        for rel, number in LINK_EXAMPLES.items()
    },
)


def page_header_docs(items: str) -> dict[str, dict[str, str]]:
    """Swagger's description of the headers every page sends; `items` names what is counted."""
    return {
        "Link": {"type": "string", "description": "RFC 8288 links: self, first, prev, next, last"},
        "Total-Count": {"type": "integer", "description": f"How many {items} there are in all"},
    }


def page_model(name: str, item_model: Model) -> Model:
    """The model of a page of `item_model`s."""
    return Model(
        name,
        {
            "links": fields.Nested(
                page_links_model, skip_none=True, description="Links to other pages"
            ),
            "has_prev": fields.Boolean(description="Whether a page comes before", example=True),
            "has_next": fields.Boolean(description="Whether a page comes after", example=True),
            "page": fields.Integer(description="This page's number", example=2),
            "total_pages": fields.Integer(description="How many pages there are", example=5),
            "items_per_page": fields.Integer(description="per_page, as asked", example=10),
            "total_items": fields.Integer(description="How many items in all", example=42),
            "items": fields.List(fields.Nested(item_model), description="This page's items"),
        },
    )


def page_body(page: Page[Any], collection_url: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """A page as page_model describes it, its links under `collection_url`."""
    return {
        "links": page_links(collection_url, page),
        "has_prev": page.has_prev,
        "has_next": page.has_next,
        "page": page.page,
        "total_pages": page.total_pages,
        "items_per_page": page.items_per_page,
        "total_items": page.total_items,
        "items": items,
    }


def filters_of(args: Mapping[str, Any]) -> dict[str, Any]:
    """Every filter the request set (all it asked for but the page and its size), so that the
    links walk the same list: a `next` without `q` would list other rows."""
    return {
        name: value
        for name, value in args.items()
        if name not in ("page", "per_page") and value not in (None, "")
    }


def page_links(collection_url: str, page: Page[Any]) -> dict[str, str]:
    """self, first and last, plus prev and next only where those pages exist."""

    separator = "&" if "?" in collection_url else "?"  # the URL may carry filters already

    def link(number: int) -> str:  # page numbers and sizes are integers: nothing to escape
        return f"{collection_url}{separator}page={number}&per_page={page.items_per_page}"

    links = {"self": link(page.page), "first": link(1)}
    if page.has_prev:
        links["prev"] = link(min(page.page - 1, page.total_pages))
    if page.has_next:
        links["next"] = link(page.page + 1)
    links["last"] = link(page.total_pages)
    return links


def page_headers(links: dict[str, str], page: Page[Any]) -> dict[str, str]:
    """RFC 8288 Link header with the same links as the body, and the total count."""
    link_header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    return {"Link": link_header, "Total-Count": str(page.total_items)}
