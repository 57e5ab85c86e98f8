"""widget_ns: WidgetList (/widgets) and WidgetItem (/widgets/<name>)."""

from http import HTTPStatus
from typing import Any

from flask import Response, g, url_for
from flask_restx import Resource

from app.api.auth.decorator import current_user, permission_required
from app.api.errors import (
    error_model,
    error_response,
    field_error,
    invalid_input,
)
from app.api.paging_dto import (
    PER_PAGE_INVALID,
    page_header_docs,
    page_headers,
    page_links_model,
    pagination_reqparser,
)
from app.api.readable_swagger import DocumentedNamespace
from app.api.responses import status_model, success
from app.api.widgets import business
from app.api.widgets.business import NOT_FOUND as NOT_FOUND_MESSAGE
from app.api.widgets.dto import (
    INFO_URL_INVALID,
    NOT_A_DATE,
    create_widget_reqparser,
    update_widget_reqparser,
    widget_body,
    widget_model,
    widget_name,
    widget_owner_model,
    widget_page_body,
    widget_page_model,
)

widget_ns = DocumentedNamespace(
    name="widgets", description="Widgets: admins write, every user reads"
)
for model in (
    widget_owner_model,
    widget_model,
    page_links_model,
    widget_page_model,
    status_model,
    error_model,
):
    widget_ns.add_model(model.name, model)

LOCATION = {"Location": {"type": "string", "description": "The widget's URL"}}
PAGE = page_header_docs("widgets")


NOT_FOUND = error_response(
    HTTPStatus.NOT_FOUND, "No widget by that name.", NOT_FOUND_MESSAGE.format(name="solar-panel")
)


@widget_ns.route("", endpoint="widget_list")
class WidgetList(Resource):
    """The collection of widgets."""

    @widget_ns.expect(pagination_reqparser)
    @widget_ns.response(
        int(HTTPStatus.OK), "One page of widgets, in name order.", widget_page_model, headers=PAGE
    )
    @widget_ns.response(*invalid_input("per_page", PER_PAGE_INVALID))
    @permission_required("widgets:read")
    def get(self) -> tuple[Any, ...]:
        """List widgets a page at a time.

        Any token that holds widgets:read: every role has it, and personal tokens may. The body
        and the Link header hold the links to the other pages.
        """
        args = pagination_reqparser.parse_args()
        page = business.page_of_widgets(args.page, args.per_page)
        body = widget_page_body(page, owner_email=_own_app())
        return body, HTTPStatus.OK, page_headers(body["links"], page)

    @widget_ns.expect(create_widget_reqparser)
    @widget_ns.response(int(HTTPStatus.CREATED), "Widget created.", status_model, headers=LOCATION)
    @widget_ns.response(*invalid_input("deadline", NOT_A_DATE))
    @widget_ns.response(
        *error_response(
            HTTPStatus.CONFLICT,
            "The name is taken.",
            "Widget name: solar-panel already exists, must be unique.",
        )
    )
    @permission_required("widgets:write")
    def post(self) -> tuple[Any, ...]:
        """Create a widget.

        A token that holds widgets:write (editors and admins). You become its owner; the
        Location header gives its URL.
        """
        args = create_widget_reqparser.parse_args()
        widget = business.create_widget(owner=current_user(), **args)
        body = success(f"New widget added: {widget.name}.")
        return body, HTTPStatus.CREATED, {"Location": url_for("api.widget", name=widget.name)}


@widget_ns.route("/<name>", endpoint="widget")
@widget_ns.param("name", "The widget's name (any letter case)", example="solar-panel")
class WidgetItem(Resource):
    """One widget, by name."""

    @widget_ns.response(int(HTTPStatus.OK), "The widget.", widget_model)
    @widget_ns.response(*NOT_FOUND)
    @permission_required("widgets:read")
    def get(self, name: str) -> dict[str, Any]:
        """Show a widget.

        Any token that holds widgets:read. The name matches in any letter case.
        """
        widget = business.find_widget(name)
        return widget_body(widget, url_for("api.widget_list"), owner_email=_own_app())

    @widget_ns.expect(update_widget_reqparser)
    @widget_ns.response(int(HTTPStatus.OK), "Widget updated.", widget_model)
    @widget_ns.response(
        int(HTTPStatus.CREATED), "Widget created under that name.", widget_model, headers=LOCATION
    )
    @widget_ns.response(*invalid_input("info_url", INFO_URL_INVALID))
    @widget_ns.response(
        *error_response(
            HTTPStatus.NOT_FOUND,
            "The name holds a control character, or the widget was deleted and created again "
            "while this request replaced it.",
            NOT_FOUND_MESSAGE.format(name="solar-panel"),
        )
    )
    @permission_required("widgets:write")
    def put(self, name: str) -> tuple[Any, ...]:
        """Replace a widget's info_url and deadline, or create it under that name.

        A token that holds widgets:write (editors and admins). 200 when it replaced one, 201
        with a Location header when it created one.
        """
        args = update_widget_reqparser.parse_args()
        widget, created = business.replace_widget(current_user(), _valid_name(name), **args)
        body = widget_body(widget, url_for("api.widget_list"))
        if not created:
            return body, HTTPStatus.OK
        return body, HTTPStatus.CREATED, {"Location": body["link"]}

    @widget_ns.response(int(HTTPStatus.NO_CONTENT), "Widget deleted.")
    @widget_ns.response(*NOT_FOUND)
    @permission_required("widgets:write")
    def delete(self, name: str) -> Response:
        """Delete a widget.

        A token that holds widgets:write (editors and admins). It is gone for everyone.
        """
        business.delete_widget(name)
        return Response(status=HTTPStatus.NO_CONTENT)


def _valid_name(name: str) -> str:
    """The URL's name checked like a body field, since PUT may create a widget under it."""
    try:
        return widget_name(name)
    except ValueError as error:
        raise field_error("name", str(error)) from None


def _own_app() -> bool:
    """Whether the caller's token is this API's own, not one issued to another app."""
    return g.bearer.client_id is None
