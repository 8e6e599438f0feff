# topic: lists - lists as stacks (append/pop) and queues (pop(0)/insert), balanced brackets, removing while iterating
stack = []
for ch in 'abc':
    stack.append(ch)
print(stack, stack.pop(), stack.pop(), stack)
queue = [1, 2, 3]
queue.append(4)
print(queue.pop(0), queue.pop(0), queue)
def balanced(text):
    pairs = {')': '(', ']': '[', '}': '{'}
    st = []
    for ch in text:
        if ch in '([{':
            st.append(ch)
        elif ch in pairs:
            if not st or st.pop() != pairs[ch]:
                return False
    return not st
print([balanced(t) for t in ['()', '([]{})', '(]', '((', '', 'a(b)c']])
nums = [1, 2, 2, 3, 4, 4, 5]
for n in nums:
    if n % 2 == 0:
        nums.remove(n)
print('buggy removal:', nums)
nums = [1, 2, 2, 3, 4, 4, 5]
nums = [n for n in nums if n % 2]
print('comprehension:', nums)
nums = [1, 2, 2, 3, 4, 4, 5]
for n in nums[:]:
    if n % 2 == 0:
        nums.remove(n)
print('copy iteration:', nums)
