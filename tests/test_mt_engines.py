"""Engine contract: the fake and the Argos engine (a tiny real model) behave alike."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from argos_model import build_tiny_argosmodel

from workbench.mt import MTError, MTSettings, NoModelError, Translation, make_engine
from workbench.mt import argos as argos_module
from workbench.mt.argos import ArgosEngine
from workbench.mt.cache import CachedEngine
from workbench.mt.engine import Engine
from workbench.mt.fake import FakeEngine, fake_english
from workbench.mt.packages import install_file

SENTENCES = [
    "我们坚持精准发力。",
    "地区生产总值增长5.2%，城镇新增就业12万人。",
    "推进ZXQ1Z建设。",
    "保障和改善民生，增进人民福祉。",
    "坚持稳中求进工作总基调。",
    "我们坚持精准发力。",  # a repeat: same input, same output
]


@pytest.fixture(scope="session")
def tiny_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_argosmodel(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture(scope="session")
def argos_settings(tmp_path_factory: pytest.TempPathFactory, tiny_model_file: Path) -> MTSettings:
    packages_dir = tmp_path_factory.mktemp("argos-home") / "packages"
    install_file(packages_dir, tiny_model_file)
    return MTSettings(packages_dir=packages_dir)


@pytest.fixture(params=["fake", pytest.param("argos", marks=pytest.mark.argos)])
def engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "fake":
        return FakeEngine()
    return ArgosEngine(request.getfixturevalue("argos_settings"))


# --- contract, both engines -----------------------------------------------------------


def test_is_an_engine(engine: Engine) -> None:
    assert isinstance(engine, Engine)
    assert engine.name in ("fake", "argos")
    assert engine.model_version and "\n" not in engine.model_version
    assert len(engine.model_version) <= 100  # fits MTOutput.model_version


def test_supports_zh_en_only(engine: Engine) -> None:
    assert engine.supports("zh", "en")
    assert not engine.supports("en", "zh")
    assert not engine.supports("zh", "fr")
    with pytest.raises(MTError, match="zh→en only"):
        engine.translate_batch(SENTENCES, source_lang="en", target_lang="zh")


def test_batch_keeps_order_and_length(engine: Engine) -> None:
    batch = engine.translate_batch(SENTENCES)
    assert len(batch) == len(SENTENCES)
    assert all(isinstance(t, Translation) and t.text for t in batch)
    # each sentence translated alone gives what it got in the batch: nothing shifted
    one_by_one = [engine.translate_batch([s])[0] for s in SENTENCES]
    assert [t.text for t in one_by_one] == [t.text for t in batch]
    assert batch[0] == batch[-1]


def test_deterministic(engine: Engine) -> None:
    first = engine.translate_batch(SENTENCES, alternatives=2)
    assert engine.translate_batch(SENTENCES, alternatives=2) == first
    again = FakeEngine() if engine.name == "fake" else ArgosEngine(engine.settings)  # type: ignore[attr-defined]
    assert again.translate_batch(SENTENCES, alternatives=2) == first


@pytest.mark.parametrize("count", [0, 1, 3])
def test_alternatives(engine: Engine, count: int) -> None:
    plain = engine.translate_batch(SENTENCES)
    for translation, best in zip(engine.translate_batch(SENTENCES, alternatives=count), plain):
        assert len(translation.alternatives) <= count
        assert len(set(translation.alternatives)) == len(translation.alternatives)
        assert translation.text not in translation.alternatives
        assert all(alt for alt in translation.alternatives)
        if count == 0:
            assert translation == best
    if count and engine.name == "fake":  # every sentence has Han characters to vary
        assert all(
            len(t.alternatives) == count
            for t in engine.translate_batch(SENTENCES, alternatives=count)
        )
    if count and engine.name == "argos":  # beam search offers other hypotheses
        assert any(t.alternatives for t in engine.translate_batch(SENTENCES, alternatives=count))


def test_empty_batch_and_blank_sentences(engine: Engine) -> None:
    assert engine.translate_batch([]) == []
    out = engine.translate_batch(["", "  ", SENTENCES[0]])
    assert [t.text for t in out[:2]] == ["", ""]
    assert out[2].text


def test_threads_share_results(engine: Engine) -> None:
    expected = engine.translate_batch(SENTENCES)
    results: list[list[Translation]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                results.append(engine.translate_batch(SENTENCES))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [expected] * 18


# --- the Argos engine ---------------------------------------------------------------


@pytest.mark.argos
def test_argos_loads_one_model_for_many_threads(tmp_path: Path, tiny_model_file: Path) -> None:
    install_file(tmp_path / "packages", tiny_model_file)
    settings = MTSettings(packages_dir=tmp_path / "packages")
    before = argos_module.model_loads()
    start = threading.Barrier(6)
    outputs: list[list[Translation]] = []

    def work() -> None:
        engine = ArgosEngine(settings)  # separate engines, as separate requests would have
        start.wait()
        outputs.append(engine.translate_batch(SENTENCES))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert argos_module.model_loads() - before == 1
    assert len(outputs) == 6 and all(o == outputs[0] for o in outputs)


@pytest.mark.argos
def test_argos_caps_output_length(tmp_path: Path) -> None:
    # random weights without the </s> bias never stop: the cap must end decoding
    model = build_tiny_argosmodel(tmp_path / "build", eos_bias=0.0)
    install_file(tmp_path / "packages", model)
    engine = ArgosEngine(MTSettings(packages_dir=tmp_path / "packages", max_decoding_length=6))
    for translation in engine.translate_batch(SENTENCES[:3]):
        pieces = argos_module._registry.get(engine.package.path, engine.settings).tokenizer.encode(
            translation.text
        )
        assert 0 < len(pieces) <= 8


@pytest.mark.argos
def test_argos_decoding_keeps_underscores(argos_settings: MTSettings) -> None:
    engine = ArgosEngine(argos_settings)
    loaded = argos_module._registry.get(engine.package.path, argos_settings)
    # argostranslate's own decode() would give "ZXQ 1 a b"
    assert engine._decode(loaded.tokenizer, loaded.tokenizer.encode("ZXQ_1 a_b")) == "ZXQ_1 a_b"


@pytest.mark.argos
def test_argos_model_version_names_package(argos_settings: MTSettings) -> None:
    version = ArgosEngine(argos_settings).model_version
    assert version.startswith("1.0 translate-zh_en-1_0 ")


def test_no_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NoModelError) as caught:
        make_engine("argos", MTSettings(packages_dir=tmp_path / "empty"))
    message = str(caught.value)
    assert "\n" not in message
    assert "`workbench mt install zh en`" in message
    assert "`workbench mt install-file PATH.argosmodel`" in message


# --- the fake engine ----------------------------------------------------------------


def test_fake_keeps_ascii_and_digits() -> None:
    text = fake_english("推进ZXQ1Z建设，增长5.2%，新增１２万人。")
    assert "ZXQ1Z" in text and "5.2%" in text and "12" in text
    assert text.isascii()
    assert text != fake_english("推进ZXQ1Z建设，增长5.2%，新增１２万人。", variant=1)


def test_fake_fails_on_request() -> None:
    engine = FakeEngine(fail_on="坏")
    with pytest.raises(MTError, match="fail"):
        engine.translate_batch(["好的。", "坏的。"])
    assert engine.translate_batch(["好的。"])[0].text


# --- the cache and the factory --------------------------------------------------------


def test_cache_sends_only_misses_in_one_batch() -> None:
    inner = FakeEngine()
    cached = CachedEngine(inner, maxsize=100)
    first = cached.translate_batch(SENTENCES[:3])
    assert inner.calls == [3]
    assert cached.translate_batch(SENTENCES[:3]) == first
    assert inner.calls == [3]  # all hits: the inner engine was not called
    mixed = cached.translate_batch(SENTENCES)  # 2 new distinct sentences, 1 repeat of a hit
    assert inner.calls == [3, 2]
    assert mixed == FakeEngine().translate_batch(SENTENCES)


def test_cache_keys_on_options_and_model_version() -> None:
    inner = FakeEngine()
    cached = CachedEngine(inner, maxsize=100)
    cached.translate_batch(SENTENCES[:1])
    assert cached.translate_batch(SENTENCES[:1], alternatives=2)[0].alternatives
    assert inner.calls == [1, 1]
    inner._version = "fake-2"  # a newer model must not be served the old output
    cached.translate_batch(SENTENCES[:1])
    assert inner.calls == [1, 1, 1]


def test_cache_evicts_least_recently_used() -> None:
    inner = FakeEngine()
    cached = CachedEngine(inner, maxsize=2)
    cached.translate_batch(["一。", "二。"])
    cached.translate_batch(["一。"])  # now "二" is the oldest
    cached.translate_batch(["三。"])
    assert len(cached) == 2
    cached.translate_batch(["一。"])
    assert inner.calls == [2, 1]
    cached.translate_batch(["二。"])
    assert inner.calls == [2, 1, 1]


def test_cache_does_not_store_failures() -> None:
    inner = FakeEngine(fail_on="坏")
    cached = CachedEngine(inner)
    with pytest.raises(MTError):
        cached.translate_batch(["坏的。"])
    inner.fail_on = None
    assert cached.translate_batch(["坏的。"])[0].text


def test_make_engine_wraps_in_cache(argos_settings: MTSettings) -> None:
    fake = make_engine("fake", argos_settings)
    assert isinstance(fake, CachedEngine) and fake.name == "fake"
    with pytest.raises(MTError, match="unknown MT engine"):
        make_engine("google", argos_settings)


@pytest.mark.argos
def test_make_engine_argos(argos_settings: MTSettings) -> None:
    engine = make_engine("argos", argos_settings)
    assert isinstance(engine, CachedEngine) and engine.name == "argos"
    assert engine.translate_batch(SENTENCES) == ArgosEngine(argos_settings).translate_batch(
        SENTENCES
    )
