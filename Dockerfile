# A slim image that serves the graph; the store lives in the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    KG_DATA=/data KG_BASE_IRI=http://localhost:8000/id/

WORKDIR /app
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY api ./api
COPY ontology ./ontology
COPY queries ./queries
RUN pip install . && useradd --system --uid 10001 kg && mkdir -p /data && chown kg /data

USER kg
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
