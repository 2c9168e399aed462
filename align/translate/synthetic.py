"""A tiny, deterministic Argos package for tests and demos (no download, no training data).

A SentencePiece model is trained on a few KB of English and Arabic text; a one-layer
CTranslate2 Transformer is then set from numpy arrays so that its decoder, whatever the input,
emits one fixed phrase: every sub-layer's output projection is zero, so the decoder state is
the previous token's embedding, and the output projection maps each token of the phrase to
the next one (the last to ``</s>``).
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from align.atomic import atomic_write_bytes

FIXED_ARABIC = "هذه ترجمة آلية تجريبية"

_EN = (
    "The government said on Thursday that the talks would continue next week. "
    "Officials met in the capital to discuss the future of the coalition and its troops. "
    "The parliament plans to vote on a resolution about foreign forces in the country. "
    "A drone strike killed a commander, and the army confirmed the attack in a statement. "
    "Washington has some troops in Syria and in Iraq as part of an international coalition. "
)
_AR = (
    "قالت الحكومة يوم الخميس إن المحادثات ستستمر الأسبوع المقبل. "
    "اجتمع المسؤولون في العاصمة لمناقشة مستقبل التحالف وقواته. "
    "يعتزم البرلمان التصويت على قرار بشأن القوات الأجنبية في البلاد. "
    "قتلت غارة بطائرة مسيرة قائدا، وأكد الجيش الهجوم في بيان. "
    "هذه ترجمة آلية تجريبية للنص. "
)


def _train_sentencepiece(vocab_size: int, phrase: str) -> bytes:
    import sentencepiece as spm

    lines = [s.strip() + "." for s in (_EN + _AR).split(".") if s.strip()] * 4
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        character_coverage=1.0,
        model_type="unigram",
        hard_vocab_limit=False,
        user_defined_symbols=[f"\u2581{word}" for word in phrase.split()],
        minloglevel=2,
    )
    return model.getvalue()


def _spec(vocab: list[str], phrase_ids: list[int], d_model: int, seed: int):
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config(num_layers=(1, 1), num_heads=2)
    v, ffn = len(vocab), 2 * d_model
    chain = [vocab.index("<s>"), *phrase_ids]
    if len(chain) > d_model or len(set(chain)) != len(chain):
        raise ValueError("the fixed phrase must have distinct pieces, fewer than d_model")

    def zeros(*shape: int) -> np.ndarray:
        return np.zeros(shape, dtype=np.float32)

    def norm(layer) -> None:
        layer.gamma, layer.beta = np.ones(d_model, np.float32), zeros(d_model)

    def linear(layer, out: int, inp: int, random: bool = False) -> None:
        layer.weight = rng.normal(0, 0.02, (out, inp)).astype(np.float32) if random else zeros(out, inp)
        layer.bias = zeros(out)

    spec.encoder.embeddings[0].weight = rng.normal(0, 0.1, (v, d_model)).astype(np.float32)
    norm(spec.encoder.layer_norm)
    enc = spec.encoder.layer[0]
    norm(enc.self_attention.layer_norm)
    linear(enc.self_attention.linear[0], 3 * d_model, d_model, random=True)
    linear(enc.self_attention.linear[1], d_model, d_model, random=True)
    norm(enc.ffn.layer_norm)
    linear(enc.ffn.linear_0, ffn, d_model, random=True)
    linear(enc.ffn.linear_1, d_model, ffn, random=True)

    embeddings = zeros(v, d_model)
    projection = zeros(v, d_model)
    follow = [*phrase_ids, vocab.index("</s>")]
    for slot, (token, successor) in enumerate(zip(chain, follow, strict=True)):
        embeddings[token, slot] = 10.0  # dominates the sinusoidal position encodings
        projection[successor, slot] = 4.0
    spec.decoder.embeddings.weight = embeddings
    norm(spec.decoder.layer_norm)
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = zeros(v)
    dec = spec.decoder.layer[0]
    norm(dec.self_attention.layer_norm)
    linear(dec.self_attention.linear[0], 3 * d_model, d_model, random=True)
    linear(dec.self_attention.linear[1], d_model, d_model)
    norm(dec.attention.layer_norm)
    linear(dec.attention.linear[0], d_model, d_model, random=True)
    linear(dec.attention.linear[1], 2 * d_model, d_model, random=True)
    linear(dec.attention.linear[2], d_model, d_model)
    norm(dec.ffn.layer_norm)
    linear(dec.ffn.linear_0, ffn, d_model, random=True)
    linear(dec.ffn.linear_1, d_model, ffn)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def build_tiny_package(
    out_path: str | Path,
    from_code: str = "en",
    to_code: str = "ar",
    phrase: str = FIXED_ARABIC,
    version: str = "0.1",
    d_model: int = 32,
    vocab_size: int = 120,
    seed: int = 0,
) -> Path:
    """Write a ``.argosmodel`` whose model translates any input into ``phrase``."""
    import sentencepiece as spm

    sp_bytes = _train_sentencepiece(vocab_size, phrase)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    phrase_ids = sp.encode(phrase)
    if sp.unk_id() in phrase_ids:
        raise ValueError("the fixed phrase has characters outside the SentencePiece training text")
    spec = _spec(vocab, phrase_ids, d_model, seed)
    spec.validate()
    spec.optimize(quantization=None)

    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    metadata = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "type": "translate",
    }
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        model_dir.mkdir()
        spec.save(str(model_dir))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{name}/metadata.json", json.dumps(metadata))
            archive.writestr(f"{name}/sentencepiece.model", sp_bytes)
            archive.writestr(f"{name}/README.md", "Tiny deterministic test model built by align.\n")
            archive.writestr(f"{name}/model/", "")
            for file in sorted(model_dir.iterdir()):
                archive.write(file, f"{name}/model/{file.name}")
    atomic_write_bytes(out_path, buffer.getvalue())
    return Path(out_path)


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(build_tiny_package(sys.argv[1] if len(sys.argv) > 1 else "translate-en_ar-tiny.argosmodel"))
