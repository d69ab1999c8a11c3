"""Models of 政民互动, one module per concern."""

from interaction.models.consultations import (
    Adoption,
    CommentStatus,
    ConsultationComment,
    ConsultationPage,
)
from interaction.models.forms import EFormField, EFormPage
from interaction.models.surveys import QuestionKind, SurveyPage, SurveyQuestion, SurveyResponse

__all__ = [
    "Adoption",
    "CommentStatus",
    "ConsultationComment",
    "ConsultationPage",
    "EFormField",
    "EFormPage",
    "QuestionKind",
    "SurveyPage",
    "SurveyQuestion",
    "SurveyResponse",
]
