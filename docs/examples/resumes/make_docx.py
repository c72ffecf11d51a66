"""Write ``phd-researcher.docx``: the fictional PhD researcher's résumé of docs/fit.md.

The person, the labs and the companies are invented. Run from anywhere with the project's
environment: ``.venv/bin/python docs/examples/resumes/make_docx.py``. The output is the same
on every run (fixed core properties, no timestamps), so the committed file can be checked.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

OUT = Path(__file__).resolve().parent / "phd-researcher.docx"

EXPERIENCE = [
    (
        "Postdoctoral Research Fellow, Institute for Computational Perception, "
        "University of Westmere — October 2025 – Present",
        [
            "Research on self-supervised learning for medical imaging; supervise two PhD "
            "students and one master's thesis.",
            "Train vision transformers in PyTorch on a 64-GPU cluster (Slurm, CUDA); "
            "multi-node training with DeepSpeed.",
        ],
    ),
    (
        "Doctoral Researcher, Vision and Learning Group, University of Westmere — "
        "September 2020 – September 2025",
        [
            "Thesis on label-efficient segmentation of 3D microscopy images: semi-supervised "
            "and contrastive methods for convolutional neural networks.",
            "Released an open-source PyTorch library for volumetric data augmentation "
            "(1.2k GitHub stars).",
            "Teaching assistant for Machine Learning and Computer Vision (three years).",
        ],
    ),
    (
        "Research Scientist Intern, Halcyon Robotics Lab — June 2023 – September 2023",
        [
            "Built a depth-estimation model for warehouse robots in PyTorch and deployed "
            "it with ONNX on an embedded GPU.",
        ],
    ),
    (
        "Research Assistant, Department of Physics, Ardent Polytechnic — January 2018 – June 2019",
        [
            "Image analysis and statistical modelling of particle-tracking data in Python "
            "(NumPy, SciPy) and MATLAB.",
        ],
    ),
]

EDUCATION = [
    "PhD in Computer Science, University of Westmere, 2025. Thesis: "
    "“Learning to Segment with Few Labels”.",
    "M.Sc. in Physics, Ardent Polytechnic, 2019.",
    "B.Sc. in Physics, Ardent Polytechnic, 2017.",
]

SKILLS = [
    (
        "Machine learning",
        "deep learning, computer vision, self-supervised learning, "
        "semi-supervised learning, image segmentation, transformers",
    ),
    ("Programming", "Python, C++, MATLAB, Bash"),
    ("Frameworks", "PyTorch, JAX, NumPy, SciPy, scikit-learn, OpenCV"),
    ("Infrastructure", "Linux, Slurm, CUDA, Docker, Git, Weights & Biases"),
]

PUBLICATIONS = [
    "M. Ferreira-Holt, et al. Few-label 3D segmentation with consistency regularisation. "
    "Journal of Imaginary Imaging, 2024.",
    "M. Ferreira-Holt, et al. Contrastive pretraining for volumetric microscopy. "
    "Proceedings of an invented workshop on vision, 2023.",
    "M. Ferreira-Holt and A. Example. Augmentations that respect anisotropy. Preprint, 2022.",
]


def build(out: Path = OUT) -> Path:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    props = doc.core_properties
    props.author = "roleatlas documentation"
    props.title = "Fictional PhD researcher résumé"
    fixed = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    props.created = props.modified = fixed
    props.last_modified_by = "roleatlas documentation"
    props.revision = 1

    doc.add_heading("Dr. Marisol Ferreira-Holt", level=0)
    doc.add_paragraph("Machine learning researcher · Computer vision · Westmere (fictional)")
    doc.add_paragraph().add_run(
        "Fictional person, labs and companies, invented as a roleatlas example."
    ).italic = True

    doc.add_heading("Profile", level=1)
    doc.add_paragraph(
        "Researcher with a PhD in computer science and seven years of research experience in "
        "deep learning for computer vision. I design models and experiments, write the code "
        "myself in Python and PyTorch, and publish the results; I now want to move to an "
        "applied research or research engineering role in industry, where models reach users."
    )

    doc.add_heading("Research experience", level=1)
    for head, bullets in EXPERIENCE:
        doc.add_paragraph().add_run(head).bold = True
        for bullet in bullets:
            doc.add_paragraph(bullet, style="List Bullet")

    doc.add_heading("Education", level=1)
    for line in EDUCATION:
        doc.add_paragraph(line)

    doc.add_heading("Skills", level=1)
    table = doc.add_table(rows=0, cols=2)
    for area, items in SKILLS:
        cells = table.add_row().cells
        cells[0].text = area
        cells[1].text = items

    doc.add_heading("Selected publications", level=1)
    for pub in PUBLICATIONS:
        doc.add_paragraph(pub, style="List Number")

    doc.add_heading("Languages", level=1)
    doc.add_paragraph("Portuguese (native), English (fluent), French (intermediate).")

    # python-docx stamps each zip member with the current time: rewrite them with a fixed
    # one so the same script always writes the same bytes.
    raw = io.BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed_info = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed_info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed_info, src.read(info.filename))
    return out


if __name__ == "__main__":
    print(build())
