"""Package metadata; runtime pins live in requirements.txt."""

from setuptools import find_packages, setup

setup(
    name="flask-jwt-api",
    version="0.1.0",
    description="A Flask-RESTx API with hand-written JWT bearer authentication and Swagger UI",
    packages=find_packages(include=["app", "app.*"]),
    python_requires=">=3.11",
    install_requires=[
        "Flask>=3.1",
        "flask-restx>=1.3",
        "Flask-SQLAlchemy>=3.1",
        "Flask-Migrate>=4.0",
        "Flask-Bcrypt>=1.0",
        "flask-cors>=6.0",
        "PyJWT>=2.10",
        "python-dateutil>=2.9",
        "python-dotenv>=1.0",
        "email-validator>=2.0",
    ],
)
