"""The pure sealing library: Fernet with several keys, rotation, keyed digests."""

import pytest

from sitegroup.lib import sealing

OLD, NEW = sealing.new_key(), sealing.new_key()


class TestSealing:
    def test_a_sealed_value_hides_the_number_and_opens_again(self):
        box = sealing.cipher([OLD])
        sealed = sealing.seal(box, "11010519491231002X")
        assert sealed.startswith(sealing.PREFIX) and "1101" not in sealed
        assert sealing.unseal(box, sealed) == "11010519491231002X"
        assert sealing.seal(box, "13800001234") != sealing.seal(box, "13800001234")  # no equal ciphertexts

    def test_empty_and_plain_values_pass_through(self):
        box = sealing.cipher([OLD])
        assert sealing.seal(box, "") == "" and sealing.unseal(box, "") == ""
        assert sealing.unseal(box, "13800001234") == "13800001234"  # a row not migrated yet

    def test_a_value_no_key_opens_is_refused_not_returned_garbled(self):
        sealed = sealing.seal(sealing.cipher([OLD]), "13800001234")
        with pytest.raises(sealing.UnreadableValue):
            sealing.unseal(sealing.cipher([NEW]), sealed)

    def test_rotation_reseals_under_the_newest_key_so_the_old_one_can_go(self):
        sealed = sealing.seal(sealing.cipher([OLD]), "13800001234")
        resealed = sealing.reseal(sealing.cipher([NEW, OLD]), sealed)
        assert sealing.unseal(sealing.cipher([NEW]), resealed) == "13800001234"

    def test_digests_match_equal_numbers_and_depend_on_the_key(self):
        key = sealing.digest_key(OLD)
        assert sealing.digest(key, "11010519491231002x") == sealing.digest(key, " 11010519491231002X")
        assert sealing.digest(key, "11010519491231002X") != sealing.digest(key, "110105194912310011")
        assert sealing.digest(sealing.digest_key(NEW), "11010519491231002X") != sealing.digest(
            key, "11010519491231002X"
        )
        assert sealing.digest(key, "") == ""
