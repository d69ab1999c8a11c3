"""Models of 政民互动, one module per concern."""

from interaction.models.consultations import (
    Adoption,
    CommentStatus,
    ConsultationComment,
    ConsultationPage,
)
from interaction.models.forms import EFormField, EFormPage
from interaction.models.hub import InteractionPage
from interaction.models.messages import (
    ANSWERED_STATES,
    DEFAULT_REPLY_DAYS,
    MAX_REPLY_DAYS,
    OPEN_STATES,
    ChannelKind,
    Message,
    MessageAttachment,
    MessageChannel,
    MessageEvent,
    MessageState,
    ReplyTemplate,
)
from interaction.models.surveys import QuestionKind, SurveyPage, SurveyQuestion, SurveyResponse

__all__ = [
    "ANSWERED_STATES",
    "DEFAULT_REPLY_DAYS",
    "MAX_REPLY_DAYS",
    "OPEN_STATES",
    "ChannelKind",
    "Message",
    "MessageAttachment",
    "MessageChannel",
    "MessageEvent",
    "MessageState",
    "ReplyTemplate",
    "Adoption",
    "CommentStatus",
    "ConsultationComment",
    "ConsultationPage",
    "EFormField",
    "EFormPage",
    "InteractionPage",
    "QuestionKind",
    "SurveyPage",
    "SurveyQuestion",
    "SurveyResponse",
]
