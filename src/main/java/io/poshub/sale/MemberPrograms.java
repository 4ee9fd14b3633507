package io.poshub.sale;

import io.poshub.cards.CardRanges;
import io.poshub.loyalty.EarnProgram;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingException;
import io.poshub.mapping.MappingRepository;
import io.poshub.member.MemberRepository;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The program each member of a chunk earns by (contract §19): the one their card's range names — a mapping's earn
 * rules — else the feed mapping's own.
 */
@Component
class MemberPrograms {

    private static final Logger log = LoggerFactory.getLogger(MemberPrograms.class);

    private final CardRanges ranges;
    private final MemberRepository members;
    private final MappingRepository mappings;

    MemberPrograms(CardRanges ranges, MemberRepository members, MappingRepository mappings) {
        this.ranges = ranges;
        this.members = members;
        this.mappings = mappings;
    }

    /** By member id (null or unknown: the mapping's program). */
    Function<Long, EarnProgram> of(Mapping mapping, Collection<Long> memberIds) {
        EarnProgram usual = new EarnProgram(mapping.earn());
        if (!ranges.hasPrograms(mapping.merchant())) {
            return id -> usual;
        }
        Map<String, EarnProgram> byName = new HashMap<>();
        Map<Long, EarnProgram> byMember = new HashMap<>();
        members.cardsOf(memberIds.stream().filter(Objects::nonNull).filter(id -> id > 0).toList()).forEach((id, card) ->
                ranges.programOf(mapping.merchant(), card).ifPresent(name ->
                        byMember.put(id, byName.computeIfAbsent(name, n -> program(n, usual)))));
        return id -> id == null ? usual : byMember.getOrDefault(id, usual);
    }

    private EarnProgram program(String name, EarnProgram usual) {
        try {
            return new EarnProgram(mappings.get(name).earn());
        } catch (MappingException e) {
            log.warn("A card range names program '{}', which is no mapping: its members earn by their feed's program", name);
            return usual;
        }
    }
}
