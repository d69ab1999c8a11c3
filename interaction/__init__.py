"""政民互动 (interaction): surveys, consultations on draft documents and e-forms (see docs/interaction.md)."""
