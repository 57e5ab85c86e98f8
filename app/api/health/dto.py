"""The health model."""

from flask_restx import Model, fields

health_model = Model(
    "Health",
    {
        "status": fields.String(
            enum=["ok", "degraded", "unavailable"],
            description="degraded: Redis is down and each process limits on its own",
            example="ok",
        ),
        "checks": fields.Raw(
            description='Each part: "ok" or "unavailable"; redis only when limits use it',
            example={"database": "ok", "redis": "ok"},
        ),
    },
)
