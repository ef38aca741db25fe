// Chat lines for the search benchmark: Korean sentences with particles, compounds written
// without spaces ("주말코테스터디"), Latin words in mixed case, digits, laughter, and a long
// tail of rare made-up words, drawn with a Zipf-like skew so some words are everywhere and
// most are rare, as in a real room. Deterministic: the same seed gives the same lines.

const NOUNS = `오늘 내일 어제 주말 회의 점심 저녁 커피 밥 시간 사람 친구 회사 학교 공부 스터디 프로젝트 코드 버그 서버
배포 테스트 리뷰 질문 답변 문제 방법 생각 이야기 자료 문서 링크 영상 강의 책 과제 발표 준비 일정 약속 모임 장소 카페
지하철 버스 날씨 비 눈 여름 겨울 주식 게임 축구 야구 영화 음악 노래 여행 제주도 부산 서울 강남 판교 개발자 디자이너
기획 데이터 모델 학습 파이썬 자바 자바스크립트 타입스크립트 리액트 데이터베이스 쿼리 인덱스 검색 채팅 메시지 알림 계정
비밀번호 로그인 휴가 퇴근 출근 야근 월급 점심시간 치킨 피자 라면 떡볶이 삼겹살 맥주 소주 고양이 강아지 운동 헬스 산책
병원 감기 면접 이력서 포트폴리오 알고리즘 자료구조 코테 깃허브 커밋 브랜치 머지 충돌 에러 로그 성능 메모리 마감 회식
세미나 컨퍼런스 온라인 오프라인 화면 공유 녹화 정리 요약 숙제 시험 방학 동아리 선배 후배 팀장 대표 고객 배송 주문`.split(/\s+/);

const PARTICLES = ['', '', '', '은', '는', '이', '가', '을', '를', '에', '에서', '으로', '도', '만', '이랑', '하고', '까지', '부터'];

const PREDICATES = `했어요 해요 할게요 했습니다 합니다 좋아요 좋네요 괜찮아요 어때요 있어요 없어요 갈게요 가요 봤어요 볼까요
먹었어요 먹을래요 알려주세요 부탁드려요 감사합니다 고마워요 미안해요 모르겠어요 궁금해요 될까요 됩니다 안돼요 끝났어요
시작해요 올렸어요 확인했어요 확인해주세요 수정했어요 고쳤어요 만들었어요 배웠어요 정리했어요 공유할게요 참석해요
도착했어요 출발해요 재밌어요 어려워요 쉬워요 피곤해요 졸려요 배고파요 기다릴게요 보내드릴게요`.split(/\s+/);

const FILLERS = `진짜 정말 너무 완전 아마 혹시 그럼 근데 그래서 일단 다들 우리 저는 제가 지금 이따 방금 먼저 같이 다시
ㅋㅋ ㅋㅋㅋ ㅋㅋㅋㅋ ㅎㅎ ㅠㅠ 네 아 오 헐 대박 와`.split(/\s+/);

const LATIN = `Python React react Node API SQL Docker k8s AWS GitHub PR v2 TODO LGTM OK iPhone15 GPT-4 ES2024 TypeScript
Zoom Slack Notion Figma Jira Excel PPT README main dev prod bug fix Hotfix MySQL MariaDB Redis nginx Linux macOS`.split(/\s+/);

const SYLLABLES = '가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히강난당랑망방상앙장창캉탕팡항곰눈돌롬몸봄솜옴좀촘콤톰폼홈민빈신인진친킨틴핀힌';

/** mulberry32: a small seeded generator, enough for varied text. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from `items` with weight 1/(rank+1): the first few are common, the rest a long tail. */
function zipf<T>(items: readonly T[]): (random: () => number) => T {
  const cumulative: number[] = [];
  let total = 0;
  items.forEach((_, index) => cumulative.push((total += 1 / (index + 1))));
  return (random) => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return items[low] as T;
  };
}

/** A generator of chat lines; `line()` is the next one. */
export function createTextGenerator(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  // 3,000 made-up words of two or three syllables: the rare tail of the vocabulary.
  const rareWords = Array.from({ length: 3000 }, () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick([...SYLLABLES])).join(''));
  const noun = zipf(NOUNS);
  const predicate = zipf(PREDICATES);
  const filler = zipf(FILLERS);
  const latin = zipf(LATIN);
  const rare = zipf(rareWords);

  function word(): string {
    const roll = random();
    if (roll < 0.38) return noun(random) + pick(PARTICLES);
    if (roll < 0.46) return noun(random) + noun(random) + (random() < 0.3 ? noun(random) : '');
    if (roll < 0.58) return filler(random);
    if (roll < 0.68) return latin(random);
    if (roll < 0.74) return String(Math.floor(random() * (random() < 0.5 ? 100 : 10000)));
    return rare(random) + pick(PARTICLES);
  }

  return {
    line(): string {
      const words = Array.from({ length: 1 + Math.floor(random() * 7) }, word);
      words.push(predicate(random));
      const end = random();
      return words.join(' ') + (end < 0.15 ? '?' : end < 0.25 ? '!' : end < 0.3 ? '~' : '');
    },
  };
}
