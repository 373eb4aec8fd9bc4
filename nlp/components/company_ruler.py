"""`radar_company_ruler`: every name and alias of the company knowledge base is an ORG, linked by its id.

Runs before the statistical NER, which then predicts around these spans rather than over them.
"""

from pathlib import Path

from spacy.language import Language
from spacy.pipeline import EntityRuler

from nlp.entities.company_names import KNOWLEDGE_BASE, company_index
from nlp.entities.entity_ruler_patterns import company_patterns


@Language.factory("radar_company_ruler", default_config={"knowledge_base": str(KNOWLEDGE_BASE)})
def make_company_ruler(nlp: Language, name: str, knowledge_base: str) -> EntityRuler:
    ruler = EntityRuler(nlp, name, phrase_matcher_attr="ORTH", overwrite_ents=True)
    ruler.add_patterns(company_patterns(company_index(Path(knowledge_base))))
    return ruler
