"""Reading résumés: PDF, DOCX, plain text / Markdown and JSON Resume into :class:`Resume`."""

from roleatlas.resume.model import Evidence, Resume, ResumeDegree, ResumeJob, ResumeSkill

__all__ = ["Evidence", "Resume", "ResumeDegree", "ResumeJob", "ResumeSkill"]
