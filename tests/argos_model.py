"""Build small but valid Argos Translate packages (.argosmodel) offline, for tests and the benchmark.

Real models cannot be downloaded where the tests run, so this writes one from scratch:

    <top>/                      one top-level folder in the zip (argostranslate requires it)
        metadata.json           from_code, to_code, type, package_version ...
        sentencepiece.model     trained here on a small generated zh+en text
        model/                  a CTranslate2 Transformer with RANDOM (seeded) weights
            model.bin, config.json, shared_vocabulary.json
        README.md

The model's output is meaningless, but it is a real model: CTranslate2 loads and decodes it, so
the whole install/list/translate path runs for real. Everything is seeded and the zip has fixed
timestamps, so two builds with the same arguments are byte-identical.

`eos_bias` raises the </s> logit so the random model stops after a few tokens (fast tests); the
"base" preset is the size of Argos's zh->en model (Transformer-base, 32k vocabulary) for benchmarks.

Also here: `build_broken_argosmodel`, which writes the kinds of foreign or damaged files that
`install-file` must refuse.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ZIP_DATE = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Preset:
    enc_layers: int
    dec_layers: int
    d_model: int
    ffn: int
    heads: int
    vocab: int | None  # pad the vocabulary to this size; None = the SentencePiece size


PRESETS = {
    "tiny": Preset(enc_layers=2, dec_layers=2, d_model=64, ffn=128, heads=4, vocab=None),
    # roughly what Argos zh->en is: Transformer-base with a ~32k vocabulary
    "base": Preset(enc_layers=6, dec_layers=6, d_model=512, ffn=2048, heads=8, vocab=32000),
}

ZH_SEEDS = [
    "我们坚持精准发力。",
    "我们要坚持以人民为中心的发展思想。",
    "经济社会发展取得新的重大成就。",
    "全面深化改革开放，推动高质量发展。",
    "加快建设现代化经济体系。",
    "坚持稳中求进工作总基调。",
    "政府工作报告提出了今年的主要目标任务。",
    "科技创新是引领发展的第一动力。",
    "保障和改善民生，增进人民福祉。",
    "推进乡村全面振兴。",
    "我们必须加强生态文明建设。",
    "地区生产总值增长百分之五点二，城镇新增就业十二万人。",
    "会议于上午九点在人民大会堂开幕。",
]
EN_SEEDS = [
    "We will keep our efforts precisely targeted.",
    "We must adhere to a people-centered philosophy of development.",
    "Economic and social development achieved major new successes.",
    "Deepen reform and opening up and promote high-quality development.",
    "Speed up the building of a modernized economy.",
    "Pursue progress while ensuring stability.",
    "The government work report set out this year's main targets and tasks.",
    "Innovation is the primary driving force of development.",
    "Ensure and improve people's wellbeing.",
    "Advance all-round rural revitalization.",
    "We must strengthen ecological conservation.",
    "GDP grew by 5.2 percent and 120,000 urban jobs were added.",
    "The meeting opened at nine in the morning.",
]


def _write_corpus(path: Path, n_lines: int, seed: int) -> None:
    """A small zh+en text, generated deterministically, to train SentencePiece on."""
    rng = random.Random(seed)
    zh_chars = sorted(set("".join(ZH_SEEDS)))
    lines = ZH_SEEDS + EN_SEEDS
    for _ in range(n_lines):
        r = rng.random()
        if r < 0.4:
            lines.append(
                "，".join(rng.choice(ZH_SEEDS).rstrip("。") for _ in range(rng.randint(1, 3)))
                + "。"
            )
        elif r < 0.55:  # random character strings widen the character coverage
            lines.append("".join(rng.choice(zh_chars) for _ in range(rng.randint(5, 30))) + "。")
        else:
            lines.append(" ".join(rng.choice(EN_SEEDS) for _ in range(rng.randint(1, 2))))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _train_sentencepiece(work: Path, vocab_size: int, seed: int) -> Path:
    import sentencepiece as spm

    _write_corpus(work / "corpus.txt", 4000, seed)
    # The trainer stores its input path and prefix in the .model file: train from inside the work
    # folder with relative names so the output does not depend on where it was built.
    cwd = os.getcwd()
    os.chdir(work)
    try:
        spm.SentencePieceTrainer.train(
            input="corpus.txt",
            model_prefix="sp",
            vocab_size=vocab_size,
            model_type="unigram",
            character_coverage=1.0,
            hard_vocab_limit=False,
            num_threads=1,
            unk_id=0,
            bos_id=1,
            eos_id=2,
            pad_id=-1,
            minloglevel=2,
        )
    finally:
        os.chdir(cwd)
    return work / "sp.model"


def _build_ct2_model(
    out_dir: Path,
    sp_model: Path,
    preset: Preset,
    seed: int,
    quantization: str | None,
    eos_bias: float,
) -> None:
    import sentencepiece as spm
    from ctranslate2.specs import transformer_spec

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    tokens = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    # CTranslate2's defaults for unk/bos/eos are exactly SentencePiece's ids 0, 1, 2
    assert tokens[:3] == ["<unk>", "<s>", "</s>"], tokens[:3]
    if preset.vocab is not None and preset.vocab > len(tokens):
        # a realistic vocabulary size makes the embedding and softmax cost realistic
        tokens += [f"<extra_{i}>" for i in range(preset.vocab - len(tokens))]
    vocab, d, ffn = len(tokens), preset.d_model, preset.ffn
    rng = np.random.RandomState(seed)
    std = 0.02 if d >= 256 else 0.1

    def weights(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * std).astype(np.float32)

    def linear(spec, n_out: int, n_in: int) -> None:  # type: ignore[no-untyped-def]
        spec.weight = weights(n_out, n_in)
        spec.bias = np.zeros(n_out, dtype=np.float32)

    def layer_norm(spec) -> None:  # type: ignore[no-untyped-def]
        spec.gamma = np.ones(d, dtype=np.float32)
        spec.beta = np.zeros(d, dtype=np.float32)

    def feed_forward(spec) -> None:  # type: ignore[no-untyped-def]
        layer_norm(spec.layer_norm)
        linear(spec.linear_0, ffn, d)
        linear(spec.linear_1, d, ffn)

    spec = transformer_spec.TransformerSpec.from_config(
        (preset.enc_layers, preset.dec_layers), preset.heads, pre_norm=True
    )
    spec.encoder.embeddings[0].weight = weights(vocab, d)
    layer_norm(spec.encoder.layer_norm)
    for layer in spec.encoder.layer:
        layer_norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)  # fused QKV
        linear(layer.self_attention.linear[1], d, d)
        feed_forward(layer.ffn)
    spec.decoder.embeddings.weight = weights(vocab, d)
    layer_norm(spec.decoder.layer_norm)
    for layer in spec.decoder.layer:
        layer_norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        layer_norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)  # query
        linear(layer.attention.linear[1], 2 * d, d)  # fused KV over the encoder output
        linear(layer.attention.linear[2], d, d)
        feed_forward(layer.ffn)
    linear(spec.decoder.projection, vocab, d)
    if eos_bias:
        # random weights almost never emit </s>; a bias on its logit makes decoding stop early
        spec.decoder.projection.bias[tokens.index("</s>")] = eos_bias
    spec.register_source_vocabulary(tokens)
    spec.register_target_vocabulary(tokens)
    spec.validate()
    spec.optimize(quantization=quantization)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


def write_zip(src: Path, zip_path: Path, *, top: str | None) -> None:
    """Zip the folder `src` with fixed timestamps, under the folder name `top` (None: no folder)."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for dirpath, dirnames, filenames in os.walk(src):
            dirnames.sort()
            rel = Path(dirpath).relative_to(src).as_posix()
            parts = [p for p in (top, "" if rel == "." else rel) if p]
            arc_dir = "/".join(parts)
            if arc_dir:
                info = zipfile.ZipInfo(arc_dir + "/", date_time=ZIP_DATE)
                info.external_attr = 0o40755 << 16
                zf.writestr(info, b"")
            for name in sorted(filenames):
                info = zipfile.ZipInfo(f"{arc_dir}/{name}" if arc_dir else name, date_time=ZIP_DATE)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, (Path(dirpath) / name).read_bytes())


def package_folder_name(from_code: str, to_code: str, version: str) -> str:
    """The top-level folder name Argos's own packages use, e.g. translate-zh_en-1_9."""
    return f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"


def build_package_dir(
    out_dir: Path,
    *,
    eos_bias: float = 6.0,
    version: str = "1.0",
    preset: str = "tiny",
    from_code: str = "zh",
    to_code: str = "en",
    quantization: str | None = None,
    seed: int = 1234,
) -> Path:
    """Write an unzipped package folder under `out_dir` and return it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / "work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    pkg = out_dir / package_folder_name(from_code, to_code, version)
    if pkg.exists():
        shutil.rmtree(pkg)
    pkg.mkdir()
    sp_model = _train_sentencepiece(work, 1000, seed)
    shutil.copy(sp_model, pkg / "sentencepiece.model")
    _build_ct2_model(pkg / "model", sp_model, PRESETS[preset], seed, quantization, eos_bias)
    metadata = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": {"zh": "Chinese", "en": "English"}.get(from_code, from_code),
        "to_code": to_code,
        "to_name": {"zh": "Chinese", "en": "English"}.get(to_code, to_code),
        "type": "translate",
        "links": [],
        "description": f"RANDOM-WEIGHT test model ({preset}); its output is meaningless",
    }
    (pkg / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (pkg / "README.md").write_text(
        f"# {pkg.name}\n\nRandom-weight CTranslate2 Transformer ({preset}), seed {seed}, "
        f"quantization {quantization}, eos_bias {eos_bias}. For offline tests only.\n",
        encoding="utf-8",
    )
    shutil.rmtree(work)
    return pkg


def build_tiny_argosmodel(
    out_dir: Path,
    *,
    eos_bias: float = 6.0,
    version: str = "1.0",
    preset: str = "tiny",
    from_code: str = "zh",
    to_code: str = "en",
    quantization: str | None = None,
    seed: int = 1234,
) -> Path:
    """Build a valid .argosmodel under `out_dir` (deterministic, ~2 s for "tiny"); return its path."""
    pkg = build_package_dir(
        out_dir,
        eos_bias=eos_bias,
        version=version,
        preset=preset,
        from_code=from_code,
        to_code=to_code,
        quantization=quantization,
        seed=seed,
    )
    zip_path = out_dir / f"{pkg.name}.argosmodel"
    write_zip(pkg, zip_path, top=pkg.name)
    shutil.rmtree(pkg)
    return zip_path


BROKEN_KINDS = (
    "not-a-zip",  # any other file renamed .argosmodel
    "truncated-zip",  # a download cut short
    "no-top-folder",  # files at the zip root: argostranslate would spill them into the packages dir
    "two-top-folders",  # would leave a stray folder that breaks every later listing
    "no-metadata",
    "bad-metadata",  # metadata.json that is not a JSON object with from_code/to_code
    "not-translate",  # a package of another type (e.g. sentence boundary detection)
    "no-model",
    "bad-model",  # model/ exists but CTranslate2 cannot load it
    "no-sentencepiece",
    "bad-sentencepiece",
    "unsafe-path",  # a member that would be written outside the packages dir
)


def build_broken_argosmodel(out_dir: Path, kind: str) -> Path:
    """Build a damaged or foreign .argosmodel of the given kind (see BROKEN_KINDS)."""
    if kind not in BROKEN_KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    zip_path = out_dir / f"broken-{kind}.argosmodel"
    if kind == "not-a-zip":
        zip_path.write_bytes(b"this is not a zip archive\n" * 10)
        return zip_path
    pkg = build_package_dir(out_dir / f"src-{kind}")
    _damage(pkg, kind)
    if kind == "no-top-folder":
        write_zip(pkg, zip_path, top=None)
    else:
        write_zip(pkg, zip_path, top=pkg.name)
    if kind == "two-top-folders":
        with zipfile.ZipFile(zip_path, "a") as zf:
            zf.writestr(zipfile.ZipInfo("extra/notes.txt", date_time=ZIP_DATE), b"stray\n")
    elif kind == "unsafe-path":
        with zipfile.ZipFile(zip_path, "a") as zf:
            zf.writestr(zipfile.ZipInfo(f"{pkg.name}/../../evil.txt", date_time=ZIP_DATE), b"x\n")
    elif kind == "truncated-zip":
        data = zip_path.read_bytes()
        zip_path.write_bytes(data[: len(data) // 2])
    shutil.rmtree(pkg.parent)
    return zip_path


def _damage(pkg: Path, kind: str) -> None:
    if kind == "no-metadata":
        (pkg / "metadata.json").unlink()
    elif kind == "bad-metadata":
        (pkg / "metadata.json").write_text('["from_code", "zh"]', encoding="utf-8")
    elif kind == "not-translate":
        meta = json.loads((pkg / "metadata.json").read_text(encoding="utf-8"))
        meta["type"] = "sbd"
        (pkg / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    elif kind == "no-model":
        shutil.rmtree(pkg / "model")
    elif kind == "bad-model":
        (pkg / "model" / "model.bin").write_bytes(b"\0" * 64)
    elif kind == "no-sentencepiece":
        (pkg / "sentencepiece.model").unlink()
    elif kind == "bad-sentencepiece":
        (pkg / "sentencepiece.model").write_bytes(b"not a sentencepiece model")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Build a random-weight .argosmodel offline.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="tiny")
    parser.add_argument("--eos-bias", type=float, default=6.0)
    parser.add_argument("--version", default="1.0")
    parser.add_argument("--quantization", default=None)
    args = parser.parse_args()
    print(
        build_tiny_argosmodel(
            args.out_dir,
            eos_bias=args.eos_bias,
            version=args.version,
            preset=args.preset,
            quantization=args.quantization,
        )
    )
