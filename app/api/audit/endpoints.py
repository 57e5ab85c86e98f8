"""audit_ns: AuditList (/audit), for admins."""

from http import HTTPStatus
from typing import Any

from flask_restx import Resource

from app.api.audit import business
from app.api.audit.dto import (
    USER_INVALID,
    audit_event_model,
    audit_list_reqparser,
    audit_page_body,
    audit_page_model,
)
from app.api.auth.decorator import permission_required
from app.api.errors import error_model, invalid_input
from app.api.paging_dto import filters_of, page_header_docs, page_headers, page_links_model
from app.api.readable_swagger import DocumentedNamespace

audit_ns = DocumentedNamespace(
    name="audit", description="Security events: who did what, when, from where"
)
for model in (audit_event_model, page_links_model, audit_page_model, error_model):
    audit_ns.add_model(model.name, model)

PAGE = page_header_docs("matching events")


@audit_ns.route("", endpoint="audit_list")
class AuditList(Resource):
    """The audit trail."""

    @audit_ns.expect(audit_list_reqparser)
    @audit_ns.response(int(HTTPStatus.OK), "Events, newest first.", audit_page_model, headers=PAGE)
    @audit_ns.response(*invalid_input("user", USER_INVALID))
    @permission_required("audit:read")
    def get(self) -> tuple[Any, ...]:
        """List security events a page at a time, newest first.

        A token that holds audit:read (auditors and admins). With user, only the events that
        user did or that concern them; with event, only events of that kind. No secret is
        ever recorded.
        """
        args = audit_list_reqparser.parse_args()
        page = business.page_of_events(args.page, args.per_page, args.user, args.event)
        body = audit_page_body(page, filters_of(args))
        return body, HTTPStatus.OK, page_headers(body["links"], page)
